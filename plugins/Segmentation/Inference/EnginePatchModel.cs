using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Inference;

/// <summary>
/// Runs a patch through the shared engine (which batches concurrent windows and owns the device); the FGSM probe runs on
/// <paramref name="probeHandle"/> where one is given (the same network centred on the decision threshold,
/// <see cref="DecisionCentredLogits"/>), else on the inference registration.
/// </summary>
internal sealed class EnginePatchModel(IInferenceEngine engine, IModelHandle handle, StageSpec stage, InferencePriority priority, IModelHandle? probeHandle = null) : IPatchModel
{
    public async Task<float[]> PredictAsync(float[] patch, CancellationToken cancellationToken)
    {
        using var input = tensor(patch, stage.InputShape);
        using var output = await engine.InferAsync(handle, input, priority, cancellationToken).ConfigureAwait(false);
        using var flat = output.flatten();
        return flat.data<float>().ToArray();
    }

    /// <summary>The engine's FGSM probe of one patch: Dice agreement of the clean and perturbed masks.</summary>
    public async Task<RobustnessReport> ProbeAsync(float[] patch, CancellationToken cancellationToken)
    {
        using var input = tensor(patch, stage.InputShape);
        return await engine.ProbeAsync(probeHandle ?? handle, input, priority, cancellationToken).ConfigureAwait(false);
    }
}
