using RadCnn.Abstractions.Engine;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// The uterus networks through the shared engine (which batches concurrent slices and owns the device):
/// the uterus network's two outputs, with the tumour output taken from the tumour network where one is
/// shipped; and a single-channel head per segment for the engine's FGSM probe.
/// </summary>
internal sealed class EngineSliceModel(IInferenceEngine engine, UterusHandles handles, int planes, InferencePriority priority) : ISliceModel
{
    public long[] InputShape => [planes, MrSlices.Size, MrSlices.Size];

    public async Task<float[]> PredictAsync(float[] input, CancellationToken cancellationToken)
    {
        var both = await RunAsync(handles.Uterus, input, cancellationToken).ConfigureAwait(false);
        if (handles.Tumour is { } tumour)
        {
            var area = MrSlices.Size * MrSlices.Size;
            var tumourOutput = await RunAsync(tumour, input, cancellationToken).ConfigureAwait(false);
            Array.Copy(tumourOutput, area, both, area, area);
        }

        return both;
    }

    /// <summary>FGSM probe of one slice for the uterus (segment 0) or tumour (segment 1) output: Dice agreement of clean and perturbed masks.</summary>
    public async Task<RobustnessReport> ProbeAsync(float[] input, int segment, CancellationToken cancellationToken)
    {
        using var tensorInput = tensor(input, InputShape);
        return await engine.ProbeAsync(segment == 0 ? handles.UterusHead : handles.TumourHead, tensorInput, priority, cancellationToken).ConfigureAwait(false);
    }

    private Task<float[]> RunAsync(IModelHandle handle, float[] input, CancellationToken cancellationToken) =>
        Inference.EngineSigmoid.ProbabilitiesAsync(engine, handle, input, InputShape, priority, cancellationToken);
}
