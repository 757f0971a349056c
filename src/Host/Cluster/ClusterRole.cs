namespace RadCnn.Host.Cluster;

/// <summary>
/// What a node does. All: today's single node. Ingest: listener, inboxes, series assembly, routing and
/// delivery. Worker: the engine and plugins, running jobs routed by any ingest node.
/// </summary>
internal enum ClusterRole
{
    All,
    Ingest,
    Worker,
}
