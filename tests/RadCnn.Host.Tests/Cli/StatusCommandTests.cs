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

    [Fact]
    public async Task Shows_which_plugins_declined_a_work_item_and_why_without_its_series_uid()
    {
        using var dir = new TempDirectory();
        var data = dir.Combine("var");
        using (var store = new SqliteJobStore(PipelinePaths.For(data).Database, TimeProvider.System))
        {
            var (item, _) = await store.PutReportAsync(new ReportRecord("msg-7", "ctpa", "hl7", "/spool/r.hl7", "h", "{}", TimeProvider.System.GetUtcNow()));
            await store.MarkUnroutedAsync(item.Id, "rules matched but no loaded plugin accepts the report kind 'ctpa'");
            await store.RecordDeclinedAsync(item.Id, "declined by detection 1.2.0: the manifest accepts no reports");
        }

        var (code, text) = await Run("status", "--data-dir", data);
        Assert.Equal(0, code);
        Assert.Matches(@"work item \d+ \(Report, unrouted\) at [^:]+:\d\d:\d\dZ: declined by detection 1\.2\.0: the manifest accepts no reports", text);
        Assert.DoesNotContain("msg-7", text, StringComparison.Ordinal);

        var (jsonCode, json) = await Run("status", "--data-dir", data, "--json");
        Assert.Equal(0, jsonCode);
        Assert.Contains("declined by detection 1.2.0: the manifest accepts no reports", json, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        using var output = new StringWriter();
        var code = await CliApplication.BuildRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }
}
