using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Host.Plugins;

namespace RadCnn.Host.Tests.Plugins;

/// <summary>The sample third parties start from builds into a folder the catalog loads and runs.</summary>
public sealed class HelloPluginSampleTests
{
    [Fact]
    public async Task The_sample_loads_and_handles_series_and_reports()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("HelloPlugin", h.PluginsDirectory, "hello");
        await h.Catalog.StartAsync(CancellationToken.None);
        using var lease = h.Catalog.Acquire("radcnn.samples.hello")!;

        var series = await lease.RunAsync(CatalogHarness.Item("s"), CancellationToken.None);
        var report = await lease.RunAsync(new ReportWorkItem { Id = "r", Kind = "ct-chest", Text = "No focal consolidation.\nNo effusion." }, CancellationToken.None);

        Assert.Equal(PluginRunOutcome.Succeeded, series.Outcome);
        Assert.Equal(new Measurement("mean value", 4.5, "HU"), series.Result.Measurements[0]);
        Assert.Equal(new Measurement("extent along slices", 4, "mm"), series.Result.Measurements[1]);
        Assert.Equal(new Measurement("word count", 5, "{words}"), Assert.Single(report.Result.Measurements));
        Assert.Empty(h.Catalog.AcquireMatching(CatalogHarness.Item("cr", modality: "CR")));
    }
}
