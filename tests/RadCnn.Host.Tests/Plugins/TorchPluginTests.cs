using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using RadCnn.Abstractions.Engine;
using RadCnn.Host.Hosting;
using RadCnn.Host.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Plugins;

/// <summary>
/// A plugin that defines its own TorchSharp module and runs it through the host's real engine (needs
/// libtorch: run through ./radcnn exec or ./radcnn test on hosts older than Debian 13).
/// </summary>
public sealed class TorchPluginTests
{
    [Fact]
    public async Task A_plugin_module_runs_on_the_shared_engine_and_its_version_is_still_collected_after_retirement()
    {
        using var root = new TempDirectory("radcnn-torch-plugin");
        using var host = ServiceHostBuilder.Create([$"--RadCnn:DataDirectory={root.Combine("var")}"], null).Build();
        var engine = host.Services.GetRequiredService<IInferenceEngine>();
        var plugins = root.Combine("plugins");
        var options = new PluginCatalogOptions { Directory = plugins, ShadowDirectory = root.Combine("shadow"), QuietPeriod = TimeSpan.FromMilliseconds(200) };
        await using var catalog = new PluginCatalog(
            new PluginHostServices(options, engine, new ConfigurationBuilder().Build(), NullLoggerFactory.Instance, TimeProvider.System), plugins);
        FixturePlugins.Deploy("TorchTiny", plugins, "tiny");
        await catalog.StartAsync(CancellationToken.None);

        using (var lease = catalog.Acquire("fixture.torch-tiny")!)
        {
            var run = await lease.RunAsync(CatalogHarness.Item("t"), CancellationToken.None);
            Assert.Equal(PluginRunOutcome.Succeeded, run.Outcome);

            // Input [1, 2, 3, 4], weights pick the first two: logits [1, 2], softmax class 1 = e² / (e + e²).
            Assert.Equal(Math.Exp(2) / (Math.E + Math.Exp(2)), Assert.Single(run.Result.Findings).Probability, 5);
        }

        Directory.Delete(Path.Combine(plugins, "tiny"), recursive: true);
        await CatalogHarness.WaitUntil(() => catalog.GetStatus().SingleOrDefault()?.State == "unloaded", "the plugin is unloaded");
        await catalog.WhenUnloadedAsync();
        Assert.True(catalog.GetStatus().Single().Collected, "the load context that defined the module was collected");
    }
}
