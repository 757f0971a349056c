namespace RadCnn.Host.Routing;

/// <summary>
/// A plugin version that can take new work, as routing sees it: its id, version, default priority
/// (0 stat, 1 routine, 2 background) and its manifest's accept list as a predicate.
/// </summary>
internal sealed record RoutablePlugin(string Id, string Version, int DefaultPriority, Func<RoutableItem, bool> Accepts);
