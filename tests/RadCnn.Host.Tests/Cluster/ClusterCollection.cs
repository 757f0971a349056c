namespace RadCnn.Host.Tests.Cluster;

/// <summary>
/// The tests that run several `radcnn run` processes: one after another, since each keeps a handful of
/// processes busy and their timing (heartbeats, quiet periods) must not starve the others.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "cluster processes";
}
