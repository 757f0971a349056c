namespace RadCnn.Host.Routing;

/// <summary>
/// Section "RadCnn:Routing". With no rules at all, every item goes to every plugin whose accept list
/// takes it (a fresh install works out of the box); once rules exist, only what they name runs.
/// </summary>
internal sealed class RoutingOptions
{
    public const string Section = "RadCnn:Routing";

    public List<RoutingRule> Rules { get; set; } = [];
}
