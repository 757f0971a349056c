using Microsoft.Extensions.Time.Testing;
using RadCnn.Abstractions.Results;
using RadCnn.Host.Plugins;

namespace RadCnn.Host.Tests.Plugins;

public sealed class PluginIsolationTests
{
    [Fact]
    public async Task A_hanging_call_times_out_the_plugin_is_quarantined_and_the_host_carries_on()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Hangs", h.PluginsDirectory, "hangs");
        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");
        await h.Catalog.StartAsync(CancellationToken.None);

        using var hangs = h.Catalog.Acquire("fixture.hangs")!;
        var hung = await hangs.RunAsync(CatalogHarness.Item("hang-1"), CancellationToken.None);

        Assert.Equal(PluginRunOutcome.TimedOut, hung.Outcome);
        Assert.Equal(PluginResultStatus.Failed, hung.Result.Status);
        Assert.Contains("ignored cancellation; the call was abandoned", hung.Result.Message, StringComparison.Ordinal);
        Assert.True(hung.Duration < TimeSpan.FromSeconds(30));
        Assert.Equal(PluginStatus.Quarantined, h.Status("fixture.hangs", "1.0.0").State); // its call never ends, so neither does the quarantine
        Assert.Equal(PluginRunOutcome.CircuitOpen, (await hangs.RunAsync(CatalogHarness.Item("quick"), CancellationToken.None)).Outcome);
        using var echo = h.Catalog.Acquire("fixture.echo")!;
        Assert.Equal(PluginRunOutcome.Succeeded, (await echo.RunAsync(CatalogHarness.Item("other"), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Exceptions_and_failed_results_become_failed_runs_with_their_message()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Faulty", h.PluginsDirectory, "faulty");
        await h.Catalog.StartAsync(CancellationToken.None);
        using var lease = h.Catalog.Acquire("fixture.faulty")!;

        var thrown = await lease.RunAsync(CatalogHarness.Item("throw-1"), CancellationToken.None);
        var failed = await lease.RunAsync(CatalogHarness.Item("fail-1"), CancellationToken.None);

        Assert.Equal(PluginRunOutcome.Failed, thrown.Outcome);
        Assert.Equal("plugin fixture.faulty 1.0.0: InvalidDataException: pixel data is unreadable (fixture)", thrown.Result.Message);
        Assert.Equal(PluginRunOutcome.Failed, failed.Outcome);
        Assert.Equal("could not segment (fixture)", failed.Result.Message);
        Assert.Empty(h.Catalog.AcquireMatching(CatalogHarness.Item("decline-1")));
        Assert.Empty(h.Catalog.AcquireMatching(CatalogHarness.Item("accepts-throws-1")));
        using var accepted = Assert.Single(h.Catalog.AcquireMatching(CatalogHarness.Item("ok-1")));
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_closes_after_a_good_trial()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = new CatalogHarness(time, o =>
        {
            o.BreakerMinimumThroughput = 4;
            o.BreakerFailureRatio = 0.5;
            o.BreakerBreakDuration = TimeSpan.FromSeconds(30);
        });
        FixturePlugins.Deploy("Faulty", h.PluginsDirectory, "faulty");
        await h.Catalog.ReconcileAsync(CancellationToken.None);
        using var lease = h.Catalog.Acquire("fixture.faulty")!;

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(PluginRunOutcome.Failed, (await lease.RunAsync(CatalogHarness.Item($"throw-{i}"), CancellationToken.None)).Outcome);
        }

        var suspended = await lease.RunAsync(CatalogHarness.Item("ok-while-open"), CancellationToken.None);
        Assert.Equal(PluginRunOutcome.CircuitOpen, suspended.Outcome);
        Assert.Contains("suspended after repeated failures", suspended.Result.Message, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(PluginRunOutcome.Succeeded, (await lease.RunAsync(CatalogHarness.Item("ok-trial"), CancellationToken.None)).Outcome);
        Assert.Equal(PluginRunOutcome.Succeeded, (await lease.RunAsync(CatalogHarness.Item("ok-after"), CancellationToken.None)).Outcome);
        Assert.Equal(4, h.Status("fixture.faulty", "1.0.0").Failures);
    }
}
