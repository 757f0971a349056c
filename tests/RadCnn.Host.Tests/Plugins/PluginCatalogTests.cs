using RadCnn.Abstractions.Results;
using RadCnn.Host.Plugins;

namespace RadCnn.Host.Tests.Plugins;

public sealed class PluginCatalogTests
{
    [Fact]
    public async Task A_host_with_no_plugins_runs()
    {
        await using var h = new CatalogHarness();

        await h.Catalog.StartAsync(CancellationToken.None);

        Assert.True(Directory.Exists(h.PluginsDirectory));
        Assert.Empty(h.Catalog.GetActive());
        Assert.Empty(h.Catalog.GetStatus());
        Assert.Null(h.Catalog.Acquire("anything"));
        Assert.Empty(h.Catalog.AcquireMatching(CatalogHarness.Item("i")));

        // The hosted service stops it and the container disposes it again: both must be harmless.
        await h.Catalog.DisposeAsync();
        await h.Catalog.DisposeAsync();
    }

    [Fact]
    public async Task Loads_a_plugin_folder_and_runs_work_through_a_lease()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");

        await h.Catalog.StartAsync(CancellationToken.None);

        var manifest = Assert.Single(h.Catalog.GetActive());
        Assert.Equal("fixture.echo", manifest.Id);
        Assert.Equal(["fixture.echo/echo"], h.Engine.Registered.Select(n => "fixture.echo/" + n));
        var leases = h.Catalog.AcquireMatching(CatalogHarness.Item("item-1"));
        using var lease = Assert.Single(leases);
        Assert.Equal("Echoes work items (test fixture)", lease.Description!.Summary);
        var run = await lease.RunAsync(CatalogHarness.Item("item-1"), CancellationToken.None);
        Assert.Equal(PluginRunOutcome.Succeeded, run.Outcome);
        Assert.Equal("1.0.0", run.PluginVersion);
        Assert.Equal("item-1", run.Result.Message);
        Assert.Equal("echo 1.0.0", Assert.Single(run.Result.Findings).Meaning);
        Assert.Empty(h.Catalog.AcquireMatching(CatalogHarness.Item("ct", modality: "CT")));
        Assert.Equal("active", h.Status("fixture.echo", "1.0.0").State);
    }

    [Fact]
    public async Task Copies_left_by_a_run_that_ended_without_clean_up_are_removed_at_start_and_other_files_kept()
    {
        var h = new CatalogHarness();
        await using (h)
        {
            var shadow = h.Options.ShadowDirectory!;
            var leftover = Path.Combine(shadow, $"fixture.echo-1.0.0-{Guid.NewGuid():N}");
            Directory.CreateDirectory(leftover);
            File.WriteAllText(Path.Combine(shadow, "operator.txt"), "not the catalog's");
            FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");

            await h.Catalog.StartAsync(CancellationToken.None);

            Assert.False(Directory.Exists(leftover));
            Assert.Single(h.Catalog.GetActive());
            Assert.Single(Directory.GetDirectories(shadow, "fixture.echo-1.0.0-*"));

            await h.Catalog.DisposeAsync();

            Assert.Empty(Directory.GetDirectories(shadow));
            Assert.True(File.Exists(Path.Combine(shadow, "operator.txt")));
        }
    }

    [Fact]
    public async Task Bad_plugins_are_reported_and_the_others_keep_running()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");
        FixturePlugins.Deploy("ThrowsOnInit", h.PluginsDirectory, "throws");
        FixturePlugins.Deploy("BadHash", h.PluginsDirectory, "bad-hash");
        FixturePlugins.Deploy("OldContract", h.PluginsDirectory, "old");
        Directory.CreateDirectory(Path.Combine(h.PluginsDirectory, "broken"));
        File.WriteAllText(Path.Combine(h.PluginsDirectory, "broken", "plugin.json"), "{ \"id\": \"broken\", ");
        Directory.CreateDirectory(Path.Combine(h.PluginsDirectory, "empty"));

        await h.Catalog.StartAsync(CancellationToken.None);

        Assert.Equal(["fixture.echo"], h.Catalog.GetActive().Select(m => m.Id));
        var throws = h.FolderStatus("throws");
        Assert.Equal("failed", throws.State);
        Assert.Contains("InitializeAsync threw InvalidOperationException: weights are corrupt (fixture)", throws.Reason, StringComparison.Ordinal);
        var badHash = h.FolderStatus("bad-hash");
        Assert.Equal("failed", badHash.State);
        Assert.Contains("SHA-256 of model/weights.bin", badHash.Reason, StringComparison.Ordinal);
        var old = h.FolderStatus("old");
        Assert.Equal("failed", old.State);
        Assert.Contains("built against RadCnn.Abstractions 0.9", old.Reason, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", h.FolderStatus("broken").Reason, StringComparison.Ordinal);
        Assert.Contains("plugin.json not found", h.FolderStatus("empty").Reason, StringComparison.Ordinal);

        using var lease = h.Catalog.Acquire("fixture.echo")!;
        Assert.Equal(PluginRunOutcome.Succeeded, (await lease.RunAsync(CatalogHarness.Item("still-works"), CancellationToken.None)).Outcome);
        Assert.Null(h.Catalog.Acquire("fixture.throws-on-init"));
    }

    [Fact]
    public async Task A_failed_folder_is_retried_when_its_content_changes()
    {
        await using var h = new CatalogHarness();
        var folder = FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");
        File.WriteAllText(Path.Combine(folder, "model", "weights.bin"), "half-copied");
        await h.Catalog.StartAsync(CancellationToken.None);
        Assert.Equal("failed", h.FolderStatus("echo").State);

        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");

        await CatalogHarness.WaitUntil(() => h.Catalog.GetActive().Count == 1, "the repaired folder is loaded");
        Assert.Equal("active", h.FolderStatus("echo").State);
    }

    [Fact]
    public async Task A_lease_keeps_the_old_version_until_released_then_it_is_unloaded_and_collected()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo-1");
        await h.Catalog.StartAsync(CancellationToken.None);
        var held = h.Catalog.Acquire("fixture.echo")!;

        FixturePlugins.DeployAtomically("Echo.V2", h.PluginsDirectory, "echo-2");
        await h.Catalog.ReconcileAsync(CancellationToken.None);

        Assert.Equal("2.0.0", Assert.Single(h.Catalog.GetActive()).Version.ToString());
        Assert.Equal("draining", h.Status("fixture.echo", "1.0.0").State);
        var late = await held.RunAsync(CatalogHarness.Item("late"), CancellationToken.None);
        Assert.Equal("1.0.0", late.PluginVersion);
        Assert.Equal(PluginResultStatus.Succeeded, late.Result.Status);

        held.Dispose();
        await CatalogHarness.WaitUntil(() => h.Status("fixture.echo", "1.0.0").State == "unloaded", "1.0.0 is unloaded");
        await h.Catalog.WhenUnloadedAsync();

        var unloaded = h.Status("fixture.echo", "1.0.0");
        Assert.True(unloaded.Collected, "the 1.0.0 load context was collected");
        Assert.Single(h.Engine.Disposed); // the model 1.0.0 left registered was disposed by the host
        await Assert.ThrowsAsync<ObjectDisposedException>(() => held.RunAsync(CatalogHarness.Item("after"), CancellationToken.None));
    }

    [Fact]
    public async Task A_new_version_copied_over_the_old_folder_replaces_it()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");
        await h.Catalog.StartAsync(CancellationToken.None);

        FixturePlugins.Deploy("Echo.V2", h.PluginsDirectory, "echo");

        await CatalogHarness.WaitUntil(() => h.Catalog.GetActive().SingleOrDefault()?.Version.ToString() == "2.0.0", "2.0.0 is active");
        await CatalogHarness.WaitUntil(() => h.Status("fixture.echo", "1.0.0").State == "unloaded", "1.0.0 is unloaded");
        await h.Catalog.WhenUnloadedAsync();
        Assert.True(h.Status("fixture.echo", "1.0.0").Collected);
    }

    [Fact]
    public async Task Removing_a_folder_retires_the_plugin_and_a_lower_version_beside_it_takes_over()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo-1");
        var v2 = FixturePlugins.Deploy("Echo.V2", h.PluginsDirectory, "echo-2");
        await h.Catalog.StartAsync(CancellationToken.None);
        Assert.Equal("2.0.0", Assert.Single(h.Catalog.GetActive()).Version.ToString());
        Assert.Equal("superseded", h.FolderStatus("echo-1").State);

        Directory.Delete(v2, recursive: true);
        await CatalogHarness.WaitUntil(() => h.Catalog.GetActive().SingleOrDefault()?.Version.ToString() == "1.0.0", "1.0.0 takes over");

        Directory.Delete(Path.Combine(h.PluginsDirectory, "echo-1"), recursive: true);
        await CatalogHarness.WaitUntil(() => h.Catalog.GetActive().Count == 0, "the plugin is retired");
        await CatalogHarness.WaitUntil(() => h.Catalog.GetStatus().All(s => s.State == "unloaded"), "both versions are unloaded");
        await h.Catalog.WhenUnloadedAsync();
        Assert.All(h.Catalog.GetStatus(), s => Assert.True(s.Collected, $"{s.Version} collected"));
        Assert.Null(h.Catalog.Acquire("fixture.echo"));
    }
}
