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

    /// <summary>Whether <see cref="Prepare"/> blurs a fine scan to the training matrix's resolution (<see cref="ResolutionMatching"/>); off in the shipped plugin.</summary>
    public bool MatchTrainingResolution { get; init; }

    /// <summary>The volume the detector and the networks should read: the scan itself, or with <see cref="MatchTrainingResolution"/>
    /// the scan blurred in-plane to the training matrix's resolution. Callers pass the result to every other method.</summary>
    public CtVolume Prepare(CtVolume volume) => MatchTrainingResolution ? ResolutionMatching.Match(volume) : volume;

    /// <summary>With <see cref="MatchTrainingResolution"/>: whether the malignancy split is read on the scan's own resolution
    /// (the <c>native</c> volume the read methods are given) while the nodule score stays on the matched one.</summary>
    public bool MalignancyAtNativeResolution { get; init; }

    /// <summary>Whether each network's probabilities are the mean over its input and the input's three in-plane mirror
    /// images (<see cref="InPlaneFlips"/>: the flips the recipes train with); off reads the input once.</summary>
    public bool AverageInPlaneFlips { get; init; }

    public async Task<IReadOnlyList<NoduleReading>> ReadAsync(CtVolume volume, CancellationToken cancellationToken, CtVolume? native = null)
    {
        var candidates = Detector.Detect(volume);
        var readings = candidates.Select(c => ReadOneAsync(volume, c, cancellationToken, native));
        return await Task.WhenAll(readings).ConfigureAwait(false);
    }

    /// <summary>Both networks on one candidate of <paramref name="volume"/> (the prepared one). Given the scan's
    /// <paramref name="native"/> volume and <see cref="MalignancyAtNativeResolution"/>, each network's benign/malignant
    /// split comes from the native input and its not-a-nodule probability from the prepared one.</summary>
    public async Task<NoduleReading> ReadOneAsync(CtVolume volume, NoduleCandidate candidate, CancellationToken cancellationToken, CtVolume? native = null)
    {
        var p3 = await ProbabilitiesAsync(model3d, PatchExtractor.Patch3d(volume, candidate.Centre, Resampling), PatchExtractor.Shape3d, cancellationToken).ConfigureAwait(false);
        var p2 = await ProbabilitiesAsync(model2d, PatchExtractor.Views2d(volume, candidate.Centre, Resampling), PatchExtractor.Input2d.Shape, cancellationToken).ConfigureAwait(false);
        if (MalignancyAtNativeResolution && native is not null && !ReferenceEquals(native, volume))
        {
            var n3 = await ProbabilitiesAsync(model3d, PatchExtractor.Patch3d(native, candidate.Centre, Resampling), PatchExtractor.Shape3d, cancellationToken).ConfigureAwait(false);
            var n2 = await ProbabilitiesAsync(model2d, PatchExtractor.Views2d(native, candidate.Centre, Resampling), PatchExtractor.Input2d.Shape, cancellationToken).ConfigureAwait(false);
            (p3, p2) = (WithSplitOf(p3, n3), WithSplitOf(p2, n2));
        }

        return new NoduleReading(candidate, p3, p2);
    }

    /// <summary>The not-a-nodule probability of <paramref name="detection"/> with the benign/malignant split of <paramref name="split"/>.</summary>
    private static float[] WithSplitOf(float[] detection, float[] split)
    {
        var lesion = split[1] + split[2];
        var malignant = lesion > 1e-9f ? split[2] / lesion : 0.5f;
        var nodule = 1 - detection[0];
        return [detection[0], nodule * (1 - malignant), nodule * malignant];
    }

    /// <summary>
    /// The engine's FGSM probe of the decision the plugin reports for a candidate (nodule or not, benign or malignant, from
    /// both models at the thresholds the <paramref name="decisionModels"/> were built with; see <see cref="Models.ReportedDecisionNet"/>):
    /// for both models' inputs together, each stepped by the sign of its own part of one gradient, along the call's
    /// gradient, the nodule boundary's and, where the candidate is <paramref name="reported"/>, the malignancy boundary's
    /// (the malignancy split of an unreported candidate changes nothing reported); the engine's epsilon ladder each time.
    /// </summary>
    public async Task<DecisionRobustness> ProbeDecisionAsync(CtVolume volume, NoduleCandidate candidate, Func<Models.DecisionObjective, IModelHandle> decisionModels, bool reported, CancellationToken cancellationToken)
    {
        using var input = DecisionInput(volume, candidate);
        var call = await engine.ProbeAsync(decisionModels(Models.DecisionObjective.Call), input, priority, cancellationToken).ConfigureAwait(false);
        var nodule = await engine.ProbeAsync(decisionModels(Models.DecisionObjective.Nodule), input, priority, cancellationToken).ConfigureAwait(false);
        var malignancy = reported ? await engine.ProbeAsync(decisionModels(Models.DecisionObjective.Malignancy), input, priority, cancellationToken).ConfigureAwait(false) : null;
        return new DecisionRobustness(call, nodule, malignancy);
    }

    /// <summary>The call <paramref name="decisionModel"/> makes on a candidate's clean inputs (what <see cref="ProbeDecisionAsync"/> starts from).</summary>
    public async Task<ReportedCall> DecisionCallAsync(CtVolume volume, NoduleCandidate candidate, IModelHandle decisionModel, CancellationToken cancellationToken)
    {
        using var input = DecisionInput(volume, candidate);
        using var logits = await engine.InferAsync(decisionModel, input, priority, cancellationToken).ConfigureAwait(false);
        using var flat = logits.flatten();
        using var call = flat.argmax();
        return (ReportedCall)call.item<long>();
    }

    private Tensor DecisionInput(CtVolume volume, NoduleCandidate candidate) =>
        tensor(Models.ReportedDecisionNet.Input(PatchExtractor.Patch3d(volume, candidate.Centre, Resampling), PatchExtractor.Views2d(volume, candidate.Centre, Resampling)));

    /// <summary>The engine's FGSM probe of the 3D model's three-class decision on a candidate (not the reported decision: kept for comparison).</summary>
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
        using var flat = map.flatten();
        return flat.data<float>().ToArray();
    }

    // Outside a dispose scope (these methods await, and a scope is per thread) every intermediate tensor lives in a
    // local until the method ends. A temporary handed straight to libtorch (softmax(logits.flatten(), 0)) is
    // unreachable once its address is read, and a collection on another thread during that call lets its finaliser
    // free the tensor libtorch is reading: `bench/classification calibrate` died of it with SIGSEGV inside libtorch's
    // softmax and tensor checks in 2 of 24 runs.
    private async Task<float[]> ProbabilitiesAsync(IModelHandle model, float[] values, long[] shape, CancellationToken cancellationToken)
    {
        if (!AverageInPlaneFlips)
        {
            return await OneReadingAsync(model, values, shape, cancellationToken).ConfigureAwait(false);
        }

        // Concurrent requests, so the engine batches the four readings.
        var readings = await Task.WhenAll(InPlaneFlips.All.Select(f => OneReadingAsync(model, InPlaneFlips.Apply(values, shape, f), shape, cancellationToken))).ConfigureAwait(false);
        return InPlaneFlips.Mean(readings);
    }

    private async Task<float[]> OneReadingAsync(IModelHandle model, float[] values, long[] shape, CancellationToken cancellationToken)
    {
        using var input = tensor(values, shape);
        using var logits = await engine.InferAsync(model, input, priority, cancellationToken).ConfigureAwait(false);
        using var flat = logits.flatten();
        using var probabilities = softmax(flat, 0);
        return probabilities.data<float>().ToArray();
    }
}
