using RadCnn.Host.Hosting;

namespace RadCnn.Host.Store;

/// <summary>Opens the job store the configuration names, its schema brought to this build's version.</summary>
internal static class JobStoreFactory
{
    public static IJobStore Open(StoreOptions options, PipelinePaths paths, TimeProvider time, string nodeId, bool queueOutbox)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        return options.IsPostgreSql
            ? PostgresJobStore.OpenAsync(options.ConnectionString!, time, nodeId, queueOutbox).GetAwaiter().GetResult()
            : new SqliteJobStore(paths.Database, time, nodeId, queueOutbox);
    }
}
