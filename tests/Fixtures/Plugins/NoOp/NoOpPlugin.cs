using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;

namespace Fixture.NoOp;

/// <summary>Returns one finding counting the item's instances, without touching pixel data or the engine.</summary>
public sealed class NoOpPlugin : IRadCnnPlugin
{
    public PluginDescription Describe() => new("Does nothing (pipeline test fixture)") { FindingCodes = ["NOOP"] };

    public ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var count = item is ImageSeriesWorkItem series ? series.Instances.Count : 1;
        return Task.FromResult(new PluginResult
        {
            Findings = [new Finding("NOOP", "instances seen", Math.Min(1.0, count / 1000.0))],
            Measurements = [new Measurement("instances", count, "1")],
        });
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
