using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;

namespace Fixture.BadHash;

/// <summary>Ships a model file whose SHA-256 differs from its manifest: the host must refuse to load it.</summary>
public sealed class BadHashPlugin : IRadCnnPlugin
{
    public PluginDescription Describe() => new("Wrong model hash (test fixture)");

    public ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken) => Task.FromResult(new PluginResult());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
