namespace RadCnn.Host.Store;

/// <summary>What routing asks for: run this plugin version on the work item at this priority (0 = stat, 2 = background).</summary>
internal sealed record JobRequest(string PluginId, string PluginVersion, int Priority);
