using Microsoft.Extensions.DependencyInjection;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Host.Hosting;
using RadCnn.Host.Outputs;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>A job queued for one plugin version that runs on its replacement: its row and its result name the version that ran.</summary>
public sealed class PluginVersionSwapTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-swap");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_job_routed_to_version_1_that_runs_on_version_2_is_recorded_as_version_2()
    {
        var builder = TestService.Create(_dir.Combine("var"), port: null, _dir.Combine("plugins"),
            "--RadCnn:Assembly:QuietPeriodSeconds=0.5",
            "--RadCnn:Inbox:StableSeconds=0.2");
        builder.Services.AddSingleton<IPluginGateway>(new SwappedGateway());
        var paths = PipelinePaths.For(_dir.Combine("var"));
        TestStudy.WriteSeries(Path.Combine(paths.Inbox, "s"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 2);

        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<IJobStore>();
            await TestStudy.WaitForAsync(store, s => s.Jobs.GetValueOrDefault("Done") == 1);
            var job = Assert.Single(await store.GetJobsAsync(JobState.Done));
            Assert.Equal("2.0.0", job.PluginVersion);
            var result = ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(job.OutputPath!, "result.json")));
            Assert.Equal("2.0.0", result.Plugin.Version);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Routes as version 1.0.0; by the time the job runs, 2.0.0 has replaced it.</summary>
    private sealed class SwappedGateway : IPluginGateway
    {
        public IReadOnlyList<RoutablePlugin> Active() => [new("swapped", "1.0.0", 1, _ => true)];

        public Task<PluginRun> RunAsync(string pluginId, WorkItem item, CancellationToken cancellationToken) =>
            Task.FromResult(new PluginRun(pluginId, "2.0.0", PluginRunOutcome.Succeeded,
                new PluginResult { Findings = [new Finding("X", "x", 0.5)] }, TimeSpan.FromMilliseconds(1)) { Summary = "replaced plugin" });
    }
}
