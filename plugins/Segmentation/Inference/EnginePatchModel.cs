using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Inference;

/// <summary>Runs a patch through the shared engine (which batches concurrent windows and owns the device).</summary>
internal sealed class EnginePatchModel(IInferenceEngine engine, IModelHandle handle, StageSpec stage, InferencePriority priority) : IPatchModel
{
    public async Task<float[]> PredictAsync(float[] patch, CancellationToken cancellationToken)
    {
        using var input = tensor(patch, stage.InputShape);
        using var output = await engine.InferAsync(handle, input, priority, cancellationToken).ConfigureAwait(false);
        return output.flatten().data<float>().ToArray();
    }

    /// <summary>The engine's FGSM probe of one patch: Dice agreement of the clean and perturbed masks.</summary>
    public async Task<RobustnessReport> ProbeAsync(float[] patch, CancellationToken cancellationToken)
    {
        using var input = tensor(patch, stage.InputShape);
        return await engine.ProbeAsync(handle, input, priority, cancellationToken).ConfigureAwait(false);
    }
}
