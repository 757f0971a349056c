using RadCnn.Plugins.Classification.Evaluation;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// The malignancy threshold rules `calibrate` offers, on small synthetic probability sets: benign nodules crowd just below
/// a lone malignant one (where Youden's J puts the threshold, on that nodule's own probability), and the next malignant
/// nodules start 0.14 higher.
/// </summary>
public sealed class MalignancyThresholdTests
{
    private static readonly double[] Benign = [0.02, 0.04, 0.06, 0.08, 0.12, 0.13, 0.14, 0.145, 0.15, 0.155, 0.158, 0.45];

    private static readonly double[] Malignant = [0.16, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.88, 0.90, 0.92, 0.94, 0.96, 0.98, 0.99];

    private static readonly double[] Scores = [.. Benign, .. Malignant];

    private static readonly int[] Labels = [.. Benign.Select(_ => 0), .. Malignant.Select(_ => 1)];

    [Fact]
    public void Youden_sits_on_the_lone_malignant_nodule_inside_the_benign_crowd()
    {
        var youden = NoduleMetrics.YoudenThreshold(Scores, Labels);

        Assert.Equal(0.16, youden);
        Assert.Equal(8, MalignancyThreshold.NearCount(Scores, youden, 0.05));
    }

    [Fact]
    public void Margin_moves_into_the_gap_when_one_malignant_nodule_is_within_the_tolerance()
    {
        var threshold = MalignancyThreshold.Margin(Scores, Labels, margin: 0.05, tolerance: 0.05);
        var (sensitivity, specificity) = NoduleMetrics.SensitivitySpecificity(Scores, Labels, threshold);

        // The middle of the gap 0.16-0.30: no nodule within 0.05, one malignant nodule of 20 given up (0.95 ≥ 1.00 − 0.05).
        Assert.Equal(0.23, threshold, 6);
        Assert.Equal(0, MalignancyThreshold.NearCount(Scores, threshold, 0.05));
        Assert.Equal(0.95, sensitivity, 6);
        Assert.Equal(11 / 12.0, specificity, 6);
    }

    [Fact]
    public void Margin_keeps_youdens_operating_point_when_the_gap_costs_more_than_the_tolerance()
    {
        var threshold = MalignancyThreshold.Margin(Scores, Labels, margin: 0.05, tolerance: 0.04);
        var (sensitivity, specificity) = NoduleMetrics.SensitivitySpecificity(Scores, Labels, threshold);

        // Every validation nodule decided as Youden's decides it, from between two nodules (0.158 and 0.16), not on one.
        Assert.Equal(1.0, sensitivity);
        Assert.Equal(11 / 12.0, specificity, 6);
        Assert.Equal(0.159, threshold, 6);
        Assert.DoesNotContain(threshold, Scores);
    }

    [Fact]
    public void Margin_never_gives_up_specificity_beyond_the_tolerance()
    {
        // Both labels crowd 0.30-0.50 (Youden at 0.40 separates them); the only empty gap lies below every benign nodule but one.
        double[] scores = [0.02, 0.30, 0.32, 0.34, 0.36, 0.38, 0.40, 0.42, 0.44, 0.46, 0.48, 0.50];
        int[] labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];

        // A tolerance that allows calling every benign nodule but one malignant takes the gap ...
        Assert.Equal(0.16, MalignancyThreshold.Margin(scores, labels, margin: 0.05, tolerance: 0.9), 6);

        // ... one of 0.5 (specificity at least 0.5) does not, and stays among the nodules.
        var threshold = MalignancyThreshold.Margin(scores, labels, margin: 0.05, tolerance: 0.5);
        var (_, specificity) = NoduleMetrics.SensitivitySpecificity(scores, labels, threshold);
        Assert.True(specificity >= 0.5, $"specificity {specificity} at {threshold}");
        Assert.InRange(threshold, 0.30, 0.50);
    }

    [Fact]
    public void Bootstrap_youden_is_reproducible_and_separates_separable_classes()
    {
        double[] scores = [0.05, 0.1, 0.15, 0.2, 0.25, 0.6, 0.65, 0.7, 0.75, 0.8];
        int[] labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

        var first = MalignancyThreshold.BootstrapYouden(scores, labels, 201, seed: 2);

        Assert.Equal(first, MalignancyThreshold.BootstrapYouden(scores, labels, 201, seed: 2));
        // Each resample's Youden threshold is its lowest malignant score, so the median is one of the malignant scores.
        Assert.Contains(first, scores[5..]);
        Assert.Equal(0.6, MalignancyThreshold.Choose(scores, labels, MalignancyThresholdRule.Youden, 0.05, 0.05, 2));
    }
}
