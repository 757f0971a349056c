using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Classification.Candidates;
using RadCnn.Plugins.Classification.Preprocessing;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification;

/// <summary>
/// Runs the science on one CT volume: candidates from the classical detector, then both networks on
/// every candidate through the shared engine (concurrent requests, so the engine batches them).
/// Probing and explaining are separate calls, made only for the nodules a result reports.
/// </summary>
internal sealed class NoduleAnalyzer(IInferenceEngine engine, IModelHandle model3d, IModelHandle model2d, InferencePriority priority)
{
    public CandidateDetector Detector { get; init; } = new();

    /// <summary>How the networks' inputs sample the volume (the detector has its own setting).</summary>
    public VolumeResampling Resampling { get; init; } = VolumeResampling.Point;

    public async Task<IReadOnlyList<NoduleReading>> ReadAsync(CtVolume volume, CancellationToken cancellationToken)
    {
        var candidates = Detector.Detect(volume);
        var readings = candidates.Select(c => ReadOneAsync(volume, c, cancellationToken));
        return await Task.WhenAll(readings).ConfigureAwait(false);
    }

    public async Task<NoduleReading> ReadOneAsync(CtVolume volume, NoduleCandidate candidate, CancellationToken cancellationToken)
    {
        var p3 = await ProbabilitiesAsync(model3d, PatchExtractor.Patch3d(volume, candidate.Centre, Resampling), PatchExtractor.Shape3d, cancellationToken).ConfigureAwait(false);
        var p2 = await ProbabilitiesAsync(model2d, PatchExtractor.Views2d(volume, candidate.Centre, Resampling), PatchExtractor.Input2d.Shape, cancellationToken).ConfigureAwait(false);
        return new NoduleReading(candidate, p3, p2);
    }

    /// <summary>The engine's FGSM probe of the 3D model's three-class decision on a candidate.</summary>
    public async Task<RobustnessReport> ProbeAsync(CtVolume volume, NoduleCandidate candidate, CancellationToken cancellationToken)
    {
        using var input = tensor(PatchExtractor.Patch3d(volume, candidate.Centre, Resampling), PatchExtractor.Shape3d);
        return await engine.ProbeAsync(model3d, input, priority, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Grad-CAM of the 2D model's axial view for <paramref name="targetClass"/>: 32×32 over 48 mm, 0-1.</summary>
    public async Task<float[]> ExplainAxialAsync(CtVolume volume, NoduleCandidate candidate, int targetClass, CancellationToken cancellationToken)
    {
        using var input = tensor(PatchExtractor.Views2d(volume, candidate.Centre, Resampling), PatchExtractor.Input2d.Shape);
        using var map = await engine.ExplainAsync(model2d, input, targetClass, priority, cancellationToken).ConfigureAwait(false);
        return map.flatten().data<float>().ToArray();
    }

    private async Task<float[]> ProbabilitiesAsync(IModelHandle model, float[] values, long[] shape, CancellationToken cancellationToken)
    {
        using var input = tensor(values, shape);
        using var logits = await engine.InferAsync(model, input, priority, cancellationToken).ConfigureAwait(false);
        using var probabilities = softmax(logits.flatten(), 0);
        return probabilities.data<float>().ToArray();
    }
}
