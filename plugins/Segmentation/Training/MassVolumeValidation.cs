using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Training.Recipes;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// The mass recipe's whole-volume validation: after every epoch the mass network runs as the cascade runs
/// it (<see cref="LiverCascade.MassInBoxAsync"/>: the liver box plus the margin on the recipe's grid (2.5 mm unless given), sliding
/// window, probabilities back on the source grid, thresholded inside the liver, specks below the minimum
/// volume dropped) on up to <see cref="MaxCases"/> whole validation cases, and each case scores the mean
/// of its mass Dice (1 for a case without masses left empty, 0 if anything was called a mass there) and
/// its detection F-measure 2·TP / (2·TP + FN + FP) over masses of at least 10 mm (the bench's matching: a
/// true mass is found when a predicted one overlaps it; a predicted one overlapping none is a false
/// positive). The score is the mean over cases. The patch loss it replaces rewarded epochs that found
/// more inside patches centred on masses while calling vessels and liver edges masses elsewhere and
/// forgetting large masses in other cases.
/// </summary>
/// <remarks>The liver box and the liver mask come from the ground truth, so the figure measures the mass
/// network alone (the shipped liver network's mask holds 92-100% of every validation mass).</remarks>
internal sealed class MassVolumeValidation(IReadOnlyList<LabelledCt> cases, CascadeSettings settings, int maxCases = MassVolumeValidation.MaxCases, StageSpec? stage = null) : IWholeCaseValidation
{
    /// <summary>Whole validation cases scored per epoch (each costs a few seconds of CPU).</summary>
    public const int MaxCases = 8;

    public string MetricName => "volume_mass_score";

    /// <summary>The ids of the cases the last call scored, for tests and logs.</summary>
    public IReadOnlyList<string> LastScored { get; private set; } = [];

    public double Score(nn.Module<Tensor, Tensor> model, IReadOnlySet<string> validationPatients, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(validationPatients);
        var chosen = cases.Where(c => validationPatients.Contains(c.Id)).OrderBy(c => c.Id, StringComparer.Ordinal).Take(maxCases).ToList();
        if (chosen.Count == 0)
        {
            throw new InvalidOperationException("whole-volume mass validation: none of the loaded cases is in the validation split");
        }

        var massStage = stage ?? CascadeSettings.MassStage;
        var cascade = new LiverCascade(null!, new ModulePatchModel(model, massStage.Patch, device), settings, massStage);
        var scores = chosen.Select(ct => ScoreCase(ct, cascade)).ToList();
        LastScored = chosen.Select(c => c.Id).ToList();
        return scores.Average();
    }

    /// <summary>One case's figure: (mass Dice + detection F-measure) / 2.</summary>
    internal static double CaseScore(CaseMetrics m)
    {
        var dice = m.MassDice ?? (m.FalsePositives == 0 ? 1 : 0);
        var found = m.DetectedAtLeast10Mm;
        var missed = m.TrueMassesAtLeast10Mm - found;
        var denominator = (2 * found) + missed + m.FalsePositives;
        var detection = denominator == 0 ? 1 : 2.0 * found / denominator;
        return (dice + detection) / 2;
    }

    private double ScoreCase(LabelledCt ct, LiverCascade cascade)
    {
        var masses = new bool[ct.Hu.Count];
        if (LiverCascade.Box(ct.Liver, ct.Hu) is { } box)
        {
            var (probability, _, _) = cascade.MassInBoxAsync(ct.Hu, box, CancellationToken.None).GetAwaiter().GetResult();
            masses = LiverCascade.Decide(ct.Hu, ct.Liver, probability, settings).Masses;
        }

        return CaseScore(SegmentationEvaluator.Score(ct, ct.Liver, masses));
    }
}
