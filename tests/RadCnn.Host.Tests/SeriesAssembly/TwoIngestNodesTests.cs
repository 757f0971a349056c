using Microsoft.Extensions.Time.Testing;
using RadCnn.Host.SeriesAssembly;
using RadCnn.Host.Store;
using RadCnn.TestSupport;
using static RadCnn.Host.Tests.Store.StoreTestData;

namespace RadCnn.Host.Tests.SeriesAssembly;

/// <summary>
/// One series whose instances a modality spreads over two ingest nodes (two associations, a load balancer):
/// each node's assembler sees part of it, the shared PostgreSQL store decides. The series is completed once,
/// whole, a quiet period after its last instance at either node.
/// </summary>
public sealed class TwoIngestNodesTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly SeriesAssemblyOptions _options = new() { QuietPeriodSeconds = 10 };
    private readonly List<IJobStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }

    [Fact]
    public async Task A_series_split_over_two_ingest_nodes_completes_once_with_every_instance()
    {
        var database = server.CreateDatabase();
        var nodes = new[] { await NodeAsync(database, "ingest-a"), await NodeAsync(database, "ingest-b") };
        for (var i = 0; i < 20; i++)
        {
            var (store, assembler) = nodes[i % 2];
            assembler.Observe(await store.PutInstanceAsync(Instance($"1.{i}")), "CT");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // ingest-a's last instance was a second before ingest-b's: its quiet period ends first, at a stale revision.
        _time.Advance(TimeSpan.FromSeconds(8.5));
        Assert.Empty(await nodes[0].Assembler.CompleteQuietSeriesAsync(default));
        Assert.Empty(await nodes[1].Assembler.CompleteQuietSeriesAsync(default));
        Assert.True((await nodes[0].Store.GetSeriesAsync("1.2.3.1"))!.Open);

        _time.Advance(TimeSpan.FromSeconds(1));
        var completed = (await Task.WhenAll(nodes.Select(n => n.Assembler.CompleteQuietSeriesAsync(default)))).SelectMany(c => c).ToList();

        var item = Assert.Single(completed);
        Assert.Equal(1, item.Generation);
        Assert.Equal(20, (await nodes[0].Store.GetInstancesAsync("1.2.3.1")).Count);
        Assert.Single(await nodes[1].Store.GetWorkItemsAsync(WorkItemState.Received));
        Assert.All(nodes, n => Assert.Equal(0, n.Assembler.PendingCount));
    }

    private async Task<(IJobStore Store, SeriesAssembler Assembler)> NodeAsync(string database, string nodeId)
    {
        var store = await PostgresJobStore.OpenAsync(database, _time, nodeId);
        _stores.Add(store);
        return (store, new SeriesAssembler(store, _options, _time));
    }
}
