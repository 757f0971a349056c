namespace RadCnn.Host.Routing;

/// <summary>
/// A plugin version that can take new work, as routing sees it: its id, version, default priority
/// (0 stat, 1 routine, 2 background) and its manifest's accept list, which says why it declines an
/// item (null when it takes it), so the reason can be recorded with the item.
/// </summary>
internal sealed record RoutablePlugin(string Id, string Version, int DefaultPriority, Func<RoutableItem, string?> DeclineReason)
{
    /// <summary>A plugin whose accept list is only a yes or no: a no is recorded as its accept list declining the item.</summary>
    public RoutablePlugin(string id, string version, int defaultPriority, Func<RoutableItem, bool> accepts)
        : this(id, version, defaultPriority, item => accepts(item) ? null : "its accept list does not take the item")
    {
    }

    public bool Accepts(RoutableItem item) => DeclineReason(item) is null;
}
