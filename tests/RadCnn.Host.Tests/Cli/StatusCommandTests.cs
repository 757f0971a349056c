using System.CommandLine;
using RadCnn.Host.Cli;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Cli;

public sealed class StatusCommandTests
{
    [Fact]
    public async Task Lists_a_running_services_plugins_one_per_line_and_says_when_no_service_runs()
    {
        using var dir = new TempDirectory();
        var data = dir.Combine("var");
        using (new SqliteJobStore(PipelinePaths.For(data).Database, TimeProvider.System))
        {
        }

        var (code, stopped) = await Run("status", "--data-dir", data);
        Assert.Equal(0, code);
        Assert.Contains("plugins         no running service", stopped, StringComparison.Ordinal);

        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Echo.V1", h.PluginsDirectory, "echo");
        await h.Catalog.StartAsync(CancellationToken.None);
        new PluginStatusFile(PluginStatusFile.DefaultPath(data), TimeProvider.System).Write(h.Catalog); // written by this (running) process

        var (liveCode, live) = await Run("status", "--data-dir", data);
        Assert.Equal(0, liveCode);
        Assert.Contains("plugins         fixture.echo 1.0.0 active", live, StringComparison.Ordinal);
        Assert.DoesNotContain("{", live, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }
}
