using System.CommandLine;
using System.Text.Json;
using RadCnn.Host.Cli;
using RadCnn.Host.Hosting;
using RadCnn.Host.Plugins;
using RadCnn.Host.Tests.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Cli;

public sealed class PluginsCommandTests
{
    [Fact]
    public async Task Offline_json_lists_ready_superseded_and_failed_folders_with_reasons()
    {
        using var dir = new TempDirectory();
        var plugins = dir.Combine("plugins");
        FixturePlugins.Deploy("Echo.V1", plugins, "echo-1");
        FixturePlugins.Deploy("Echo.V2", plugins, "echo-2");
        FixturePlugins.Deploy("BadHash", plugins, "bad-hash");
        FixturePlugins.Deploy("OldContract", plugins, "old");

        var (code, output) = await Run("plugins", "--plugins-dir", plugins, "--data-dir", dir.Combine("var"), "--json");

        Assert.Equal(2, code); // failures present: scripts can tell
        using var json = JsonDocument.Parse(output);
        Assert.Equal("offline", json.RootElement.GetProperty("source").GetString());
        var rows = json.RootElement.GetProperty("plugins").EnumerateArray()
            .ToDictionary(p => Path.GetFileName(p.GetProperty("folder").GetString()!), p => p);
        Assert.Equal("ready", rows["echo-2"].GetProperty("state").GetString());
        Assert.Equal("superseded", rows["echo-1"].GetProperty("state").GetString());
        Assert.Equal(["OT"], rows["echo-2"].GetProperty("modalities").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["weights"], rows["echo-2"].GetProperty("models").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("failed", rows["bad-hash"].GetProperty("state").GetString());
        Assert.Contains("SHA-256", rows["bad-hash"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("0.9", rows["old"].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_the_live_view_of_a_running_service_and_an_empty_directory()
    {
        using var dir = new TempDirectory();
        var data = dir.Combine("var");
        await using (var h = new CatalogHarness())
        {
            FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");
            await h.Catalog.StartAsync(CancellationToken.None);
            new PluginStatusFile(PluginStatusFile.DefaultPath(data), TimeProvider.System).Write(h.Catalog);

            var (code, table) = await Run("plugins", "--plugins-dir", h.PluginsDirectory, "--data-dir", data);

            Assert.Equal(0, code);
            Assert.Contains("live view of the running service", table, StringComparison.Ordinal);
            Assert.Matches(@"fixture\.echo\s+1\.0\.0\s+active\s+OT reports:echo\s+weights", table);
        }

        var (emptyCode, empty) = await Run("plugins", "--plugins-dir", dir.Combine("none"), "--data-dir", dir.Combine("other"));
        Assert.Equal(0, emptyCode);
        Assert.Contains("no plugins", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_nodes_sharing_a_data_directory_each_keep_their_own_live_view()
    {
        using var dir = new TempDirectory();
        var paths = PipelinePaths.For(dir.Combine("var"));
        await using var first = new CatalogHarness();
        await using var second = new CatalogHarness();
        FixturePlugins.Deploy("Echo.V1", first.PluginsDirectory, "echo");
        FixturePlugins.Deploy("Echo.V2", second.PluginsDirectory, "echo");
        await first.Catalog.StartAsync(CancellationToken.None);
        await second.Catalog.StartAsync(CancellationToken.None);

        // Both write after each other, as two workers do on every change; neither replaces the other's view.
        PluginStatusFile.For(paths, "worker-a", TimeProvider.System).Write(first.Catalog);
        PluginStatusFile.For(paths, "worker-b", TimeProvider.System).Write(second.Catalog);

        var live = PluginStatusFile.ReadAllLive(paths);
        Assert.Equal(["worker-a", "worker-b"], live.Select(s => s.NodeId));
        Assert.False(File.Exists(PluginStatusFile.DefaultPath(paths.DataDirectory))); // the single-node file is not a cluster node's
        var (codeA, tableA) = await Run("plugins", "--plugins-dir", first.PluginsDirectory, "--data-dir", paths.DataDirectory, "--node", "worker-a");
        var (codeB, jsonB) = await Run("plugins", "--plugins-dir", second.PluginsDirectory, "--data-dir", paths.DataDirectory, "--node", "worker-b", "--json");

        Assert.Equal(0, codeA);
        Assert.Contains("live view of cluster node worker-a", tableA, StringComparison.Ordinal);
        Assert.Matches(@"fixture\.echo\s+1\.0\.0\s+active", tableA);
        Assert.Equal(0, codeB);
        using var json = JsonDocument.Parse(jsonB);
        Assert.Equal("worker-b", json.RootElement.GetProperty("node").GetString());
        Assert.Equal("2.0.0", json.RootElement.GetProperty("plugins")[0].GetProperty("version").GetString());

        // A node whose view was asked for but that reports nothing live: the folders are checked offline.
        var (_, offline) = await Run("plugins", "--plugins-dir", first.PluginsDirectory, "--data-dir", paths.DataDirectory, "--node", "worker-c");
        Assert.Contains("offline check", offline, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }
}
