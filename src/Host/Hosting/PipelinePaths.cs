using Microsoft.Extensions.Configuration;

namespace RadCnn.Host.Hosting;

/// <summary>
/// Where the pipeline keeps its files, all under the data directory ("RadCnn:DataDirectory", default
/// ./var): inbox/ (DICOM drop), reports/ (report drop), outbox/ (results), spool/ and db/radcnn.db.
/// </summary>
internal sealed record PipelinePaths(string DataDirectory, string Inbox, string Reports, string Outbox, string Spool, string Database)
{
    public static PipelinePaths From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return For(configuration["RadCnn:DataDirectory"] ?? "var");
    }

    public static PipelinePaths For(string dataDirectory)
    {
        var root = Path.GetFullPath(dataDirectory);
        return new PipelinePaths(root, Path.Combine(root, "inbox"), Path.Combine(root, "reports"), Path.Combine(root, "outbox"),
            Path.Combine(root, "spool"), Path.Combine(root, "db", "radcnn.db"));
    }

    public string HealthFile => Path.Combine(DataDirectory, "health.json");

    /// <summary>nodes/: one health file per cluster node, since every node shares the data directory.</summary>
    public string NodesDirectory => Path.Combine(DataDirectory, "nodes");

    /// <summary>A cluster node's own health file (nodes/NODE.health.json): nodes never overwrite each other's.</summary>
    public string NodeHealthFile(string nodeId) => Path.Combine(NodesDirectory, nodeId + ".health.json");
}
