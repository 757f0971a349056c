using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;

namespace Fixture.ThrowsOnInit;

/// <summary>Fails in InitializeAsync: the host must report it and keep the others running.</summary>
public sealed class ThrowsOnInitPlugin : IRadCnnPlugin
{
    public PluginDescription Describe() => new("Throws while initialising (test fixture)");

    public ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("weights are corrupt (fixture)");

    public Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken) =>
        Task.FromResult(new PluginResult());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
