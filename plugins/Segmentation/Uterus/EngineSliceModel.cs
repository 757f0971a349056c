using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// The uterus network through the shared engine (which batches concurrent slices and owns the device),
/// with two single-channel heads registered for the engine's FGSM probe, one per segment.
/// </summary>
internal sealed class EngineSliceModel(IInferenceEngine engine, IModelHandle both, IModelHandle uterusHead, IModelHandle tumourHead, int planes, InferencePriority priority) : ISliceModel
{
    public long[] InputShape => [planes, MrSlices.Size, MrSlices.Size];

    public async Task<float[]> PredictAsync(float[] input, CancellationToken cancellationToken)
    {
        using var tensorInput = tensor(input, InputShape);
        using var output = await engine.InferAsync(both, tensorInput, priority, cancellationToken).ConfigureAwait(false);
        using var probabilities = output.sigmoid();
        return probabilities.flatten().data<float>().ToArray();
    }

    /// <summary>FGSM probe of one slice for the uterus (segment 0) or tumour (segment 1) channel: Dice agreement of clean and perturbed masks.</summary>
    public async Task<RobustnessReport> ProbeAsync(float[] input, int segment, CancellationToken cancellationToken)
    {
        using var tensorInput = tensor(input, InputShape);
        return await engine.ProbeAsync(segment == 0 ? uterusHead : tumourHead, tensorInput, priority, cancellationToken).ConfigureAwait(false);
    }
}
