using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Abstractions.Engine;

/// <summary>
/// What a plugin hands the engine to run one of its networks. The engine owns placement (CPU or
/// GPU), eval mode, gradient mode and native memory from then on; the plugin never chooses a device.
/// </summary>
/// <param name="Name">Unique within the plugin, for example "tb-alexnet".</param>
/// <param name="CreateModule">
/// Builds the module with its trained weights loaded, on the CPU. Called at registration and again
/// whenever the engine reloads a model it evicted from the device, so it must give the same weights each time.
/// </param>
/// <param name="InputShape">The shape of one sample, without the batch dimension, for example [1, 256, 256].</param>
/// <param name="OutputKind">What the output means.</param>
public sealed record ModelRegistration(
    string Name,
    Func<nn.Module<Tensor, Tensor>> CreateModule,
    IReadOnlyList<long> InputShape,
    ModelOutputKind OutputKind)
{
    /// <summary>
    /// Name of the submodule whose output feeds Grad-CAM (the last convolutional block), as in
    /// <c>named_modules()</c>; null when the model offers no explanation. It must be a
    /// <c>Module&lt;Tensor, Tensor&gt;</c> that the model runs through <c>call</c> (as <c>Sequential</c> does),
    /// because the engine captures its output with a forward hook.
    /// </summary>
    public string? FeatureLayer { get; init; }

    /// <summary>Lowest and highest valid input value (after normalisation); FGSM stays within it.</summary>
    public (double Min, double Max)? InputRange { get; init; }

    /// <summary>Largest batch the scheduler may form for this model; null uses the engine's setting.</summary>
    public int? MaxBatchSize { get; init; }
}
