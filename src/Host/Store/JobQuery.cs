namespace RadCnn.Host.Store;

/// <summary>A filter over jobs for the dashboard and its API: any of state, plugin, updated since; newest first, at most <paramref name="Limit"/>.</summary>
internal sealed record JobQuery(JobState? State = null, string? PluginId = null, DateTimeOffset? UpdatedSince = null, int Limit = 200, long? BeforeId = null);
