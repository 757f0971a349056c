using System.Collections.Concurrent;
using RadCnn.Host.Plugins;

namespace RadCnn.Host.Tests.Plugins;

public sealed class HotSwapTests
{
    [Fact]
    public async Task Hot_swap_under_a_steady_stream_of_work_loses_and_duplicates_nothing()
    {
        await using var h = new CatalogHarness(settings: new Dictionary<string, string?> { ["Plugins:fixture.echo:DelayMs"] = "15" });
        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo-1.0.0");
        await h.Catalog.StartAsync(CancellationToken.None);

        var submitted = new ConcurrentBag<string>();
        var results = new ConcurrentBag<PluginRun>();
        var perWorker = new ConcurrentDictionary<int, List<string>>();
        var next = 0;
        using var stop = new CancellationTokenSource();

        async Task Worker(int worker)
        {
            var versions = perWorker.GetOrAdd(worker, _ => []);
            while (!stop.IsCancellationRequested)
            {
                var id = $"item-{Interlocked.Increment(ref next)}";
                submitted.Add(id);
                using var lease = h.Catalog.Acquire("fixture.echo") ?? throw new InvalidOperationException("no active version while swapping");
                var run = await lease.RunAsync(CatalogHarness.Item(id), CancellationToken.None);
                results.Add(run);
                versions.Add(run.PluginVersion);
            }
        }

        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() => Worker(w))).ToArray();
        await CatalogHarness.WaitUntil(() => results.Count >= 40, "40 items ran on 1.0.0");

        FixturePlugins.Deploy("Echo.V2", h.PluginsDirectory, "echo-2.0.0"); // a plain copy beside the old folder

        await CatalogHarness.WaitUntil(() => results.Any(r => r.PluginVersion == "2.0.0"), "work reaches 2.0.0");
        var afterSwap = results.Count;
        await CatalogHarness.WaitUntil(() => results.Count >= afterSwap + 40, "40 more items ran");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        // Every item submitted has exactly one result, and every result succeeded.
        Assert.Equal(submitted.Order(StringComparer.Ordinal), results.Select(r => r.Result.Message!).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Equal(PluginRunOutcome.Succeeded, r.Outcome));
        Assert.Contains(results, r => r.PluginVersion == "1.0.0");

        // Each worker saw 1.0.0, then 2.0.0, never back: new work went to the new version.
        foreach (var versions in perWorker.Values)
        {
            var firstNew = versions.IndexOf("2.0.0");
            Assert.True(firstNew >= 0, "every worker reached 2.0.0");
            Assert.All(versions.Skip(firstNew), v => Assert.Equal("2.0.0", v));
        }

        await CatalogHarness.WaitUntil(() => h.Status("fixture.echo", "1.0.0").State == "unloaded", "1.0.0 is unloaded");
        await h.Catalog.WhenUnloadedAsync();
        Assert.True(h.Status("fixture.echo", "1.0.0").Collected, "the 1.0.0 load context was collected");
        Assert.Equal("active", h.Status("fixture.echo", "2.0.0").State);
    }
}
