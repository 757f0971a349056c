using System.Diagnostics;
using RadCnn.Abstractions.Results;
using RadCnn.Host.Cli;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Runner;
using RadCnn.Host.Telemetry;
using RadCnn.Host.Tests.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Security;

/// <summary>
/// Plugins that do not cooperate (issue 18): one that blocks its calling thread inside ProcessAsync
/// and ignores its token. Real plugin assemblies from tests/Fixtures/Plugins, the real catalog.
/// </summary>
public sealed class HostilePluginTests
{
    [Fact]
    public async Task A_plugin_that_blocks_synchronously_times_out_is_quarantined_and_others_keep_running()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Hangs", h.PluginsDirectory, "hangs");
        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");
        await h.Catalog.StartAsync(CancellationToken.None);
        using var data = new TempDirectory("radcnn-health");
        var paths = PipelinePaths.For(data.Path);
        var health = new HealthReporter(paths, TimeProvider.System, h.Catalog);

        // Two calls block both "workers" (timeout 0.5 s, grace 0.3 s); a third plugin's call runs meanwhile.
        var clock = Stopwatch.StartNew();
        using var first = h.Catalog.Acquire("fixture.hangs")!;
        using var second = h.Catalog.Acquire("fixture.hangs")!;
        var blocked = new[] { first.RunAsync(CatalogHarness.Item("block-5000"), CancellationToken.None), second.RunAsync(CatalogHarness.Item("block-5000"), CancellationToken.None) };
        using (var echo = h.Catalog.Acquire("fixture.echo")!)
        {
            Assert.Equal(PluginRunOutcome.Succeeded, (await echo.RunAsync(CatalogHarness.Item("other"), CancellationToken.None)).Outcome);
        }

        var runs = await Task.WhenAll(blocked);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the blocked calls took {clock.Elapsed.TotalSeconds:0.0} s; the timeout is 0.5 s");
        Assert.All(runs, r => Assert.Equal(PluginRunOutcome.TimedOut, r.Outcome));
        Assert.All(runs, r => Assert.Contains("ignored cancellation", r.Result.Message, StringComparison.Ordinal));

        // Quarantined: visible in the status, readiness degraded, no new work for it; other plugins unaffected.
        var status = h.Status("fixture.hangs", "1.0.0");
        Assert.Equal(PluginStatus.Quarantined, status.State);
        Assert.Contains("ignored cancellation", status.Reason, StringComparison.Ordinal);
        health.Ready(null, () => 0);
        var live = PluginStatusFile.ReadLive(PluginStatusFile.DefaultPath(paths.DataDirectory)); // what `radcnn plugins` shows
        Assert.Equal(PluginStatus.Quarantined, Assert.Single(live!.Plugins, p => p.Id == "fixture.hangs").State);
        var (ready, reason) = HealthCommand.Evaluate(HealthCommand.Read(paths), requireReady: true, DateTimeOffset.UtcNow);
        Assert.False(ready);
        Assert.StartsWith("degraded: plugin fixture.hangs 1.0.0 quarantined", reason, StringComparison.Ordinal);
        Assert.True(HealthCommand.Evaluate(HealthCommand.Read(paths), requireReady: false, DateTimeOffset.UtcNow).Healthy); // still alive
        var refused = await first.RunAsync(CatalogHarness.Item("quick"), CancellationToken.None);
        Assert.Equal(PluginRunOutcome.CircuitOpen, refused.Outcome);
        Assert.Contains("quarantined", refused.Result.Message, StringComparison.Ordinal);
        using (var echo = h.Catalog.Acquire("fixture.echo")!)
        {
            Assert.Equal(PluginRunOutcome.Succeeded, (await echo.RunAsync(CatalogHarness.Item("other-2"), CancellationToken.None)).Outcome);
        }

        // Once the blocked threads are back, the quarantine lifts by itself.
        await CatalogHarness.WaitUntil(() => h.Status("fixture.hangs", "1.0.0").State == "active", "the quarantine lifts", 30);
        Assert.Equal(PluginRunOutcome.Succeeded, (await first.RunAsync(CatalogHarness.Item("quick-2"), CancellationToken.None)).Outcome);
        health.Ready(null, () => 0);
        Assert.True(HealthCommand.Evaluate(HealthCommand.Read(paths), requireReady: true, DateTimeOffset.UtcNow).Healthy);
    }

    [Fact]
    public async Task A_plugin_whose_Accepts_blocks_is_quarantined_after_its_bound_and_its_job_waits_instead_of_holding_a_worker()
    {
        await using var h = new CatalogHarness(configure: o => o.AcceptsTimeout = TimeSpan.FromSeconds(1));
        FixturePlugins.Deploy("Hangs", h.PluginsDirectory, "hangs");
        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");
        await h.Catalog.StartAsync(CancellationToken.None);
        var gateway = new CatalogPluginGateway(h.Catalog);

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<PluginUnavailableException>(() => gateway.RunAsync("fixture.hangs", CatalogHarness.Item("stuck-accepts"), CancellationToken.None));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the blocked check held the caller for {clock.Elapsed.TotalSeconds:0.0} s; its bound is 1 s and the check blocks 5 s");
        var status = h.Status("fixture.hangs", "1.0.0");
        Assert.Equal(PluginStatus.Quarantined, status.State);
        Assert.Contains("Accepts check blocked", status.Reason, StringComparison.Ordinal);
        Assert.Equal(PluginRunOutcome.Succeeded, (await gateway.RunAsync("fixture.echo", CatalogHarness.Item("other"), CancellationToken.None)).Outcome);

        // Once the check returns, the quarantine lifts and the plugin works again.
        await CatalogHarness.WaitUntil(() => h.Status("fixture.hangs", "1.0.0").State == "active", "the quarantine lifts", 30);
        Assert.Equal(PluginRunOutcome.Succeeded, (await gateway.RunAsync("fixture.hangs", CatalogHarness.Item("quick"), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_clean_stop_does_not_wait_for_a_call_that_blocks_its_thread()
    {
        var h = new CatalogHarness();
        FixturePlugins.Deploy("Hangs", h.PluginsDirectory, "hangs");
        await h.Catalog.StartAsync(CancellationToken.None);
        using (var lease = h.Catalog.Acquire("fixture.hangs")!)
        {
            Assert.Equal(PluginRunOutcome.TimedOut, (await lease.RunAsync(CatalogHarness.Item("block-20000"), CancellationToken.None)).Outcome);
        }

        var clock = Stopwatch.StartNew();
        await h.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"stopping took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_job_for_a_plugin_whose_folder_was_removed_is_rejected_with_a_reason_not_postponed_forever()
    {
        await using var h = new CatalogHarness();
        var gateway = new CatalogPluginGateway(h.Catalog);
        var folder = FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");

        // Before the first scan nothing is known: wait rather than reject.
        await Assert.ThrowsAsync<PluginUnavailableException>(() => gateway.RunAsync("fixture.echo", CatalogHarness.Item("early"), CancellationToken.None));
        await h.Catalog.StartAsync(CancellationToken.None);
        Assert.Equal(PluginRunOutcome.Succeeded, (await gateway.RunAsync("fixture.echo", CatalogHarness.Item("ok"), CancellationToken.None)).Outcome);

        Directory.Delete(folder, recursive: true);
        await h.Catalog.ReconcileAsync(CancellationToken.None);
        await h.Catalog.WhenUnloadedAsync();

        var rejected = await Assert.ThrowsAsync<JobRejectedException>(() => gateway.RunAsync("fixture.echo", CatalogHarness.Item("late"), CancellationToken.None));
        Assert.Contains("no longer installed", rejected.Message, StringComparison.Ordinal);
    }
}
