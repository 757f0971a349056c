using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using static TorchSharp.torch;

namespace Fixture.TorchTiny;

/// <summary>
/// Runs its own TorchSharp module through the shared engine: proves libtorch and TorchSharp are
/// shared with the host, and that a version whose module ran can still be unloaded and collected.
/// </summary>
public sealed class TorchTinyPlugin : IRadCnnPlugin
{
    private IPluginContext? _context;
    private IModelHandle? _model;

    public PluginDescription Describe() => new("Tiny network through the engine (test fixture)");

    public ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        _context = context;
        _model = context.Engine.Register(new ModelRegistration("tiny", () => new TinyNet(), [4], ModelOutputKind.ClassLogits));
        return ValueTask.CompletedTask;
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var volume = await ((ImageSeriesWorkItem)item).GetVolumeAsync(cancellationToken);

        // Explicit disposal rather than a dispose scope: the scope is per thread and the await may resume elsewhere.
        using var input = tensor(volume.Voxels.Span[..4].ToArray());
        using var logits = await _context!.Engine.InferAsync(_model!, input, item.Priority, cancellationToken);
        using var probabilities = logits.softmax(0);
        return new PluginResult { Findings = [new Finding("TINY", "class 1", probabilities[1].item<float>())] };
    }

    public ValueTask DisposeAsync()
    {
        _model?.Dispose();
        _model = null;
        return ValueTask.CompletedTask;
    }
}
