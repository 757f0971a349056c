namespace RadCnn.Host.Routing;

/// <summary>
/// One rule of "RadCnn:Routing:Rules": every condition given must hold (lists: any value, case-insensitive;
/// empty: no condition). <see cref="Plugins"/> empty or "*" means every plugin whose accept list takes the item.
/// </summary>
internal sealed class RoutingRule
{
    public string? Name { get; set; }

    public List<string> Modalities { get; set; } = [];

    public List<string> BodyParts { get; set; } = [];

    public List<string> SopClasses { get; set; } = [];

    /// <summary>A regular expression over Series Description (0008,103E), matched case-insensitively.</summary>
    public string? SeriesDescriptionPattern { get; set; }

    public List<string> CallingAeTitles { get; set; } = [];

    /// <summary>Report kinds; a rule with report kinds matches reports only, one without matches series only.</summary>
    public List<string> ReportKinds { get; set; } = [];

    public List<string> Plugins { get; set; } = [];

    /// <summary>stat, routine or background; empty uses the plugin's own priority.</summary>
    public string? Priority { get; set; }
}
