using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// The cascade's tumour network through the shared engine (which batches the box's slices): a
/// registration of the tumour output alone (channel 1, [planes, size, size] in) for inference, and one of the same
/// output centred on the tumour threshold (<see cref="Inference.DecisionCentredLogits"/>) for the FGSM probe of the
/// tumour segment.
/// </summary>
internal sealed class EngineTumourCropModel(IInferenceEngine engine, IModelHandle tumourHead, IModelHandle probeHead, int planes, int size, InferencePriority priority) : ITumourCropModel
{
    public int Size => size;

    public Task<float[]> PredictAsync(float[] input, CancellationToken cancellationToken) =>
        Inference.EngineSigmoid.ProbabilitiesAsync(engine, tumourHead, input, [planes, size, size], priority, cancellationToken);

    /// <summary>FGSM probe of the tumour output on one slice of the box: Dice agreement of clean and perturbed masks.</summary>
    public async Task<RobustnessReport> ProbeAsync(float[] input, CancellationToken cancellationToken)
    {
        using var tensorInput = tensor(input, [planes, size, size]);
        return await engine.ProbeAsync(probeHead, tensorInput, priority, cancellationToken).ConfigureAwait(false);
    }
}
