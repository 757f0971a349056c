using RadCnn.Training.Metrics;

namespace RadCnn.Training.Tests.Metrics;

public class RocAnalysisTests
{
    // scikit-learn's roc_curve example: fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1], AUC 0.75.
    private static readonly double[] Scores = [0.1, 0.4, 0.35, 0.8];
    private static readonly int[] Labels = [0, 0, 1, 1];

    [Fact]
    public void Curve_and_auc_match_the_hand_computed_example()
    {
        var roc = RocAnalysis.Compute(Scores, Labels);

        Assert.Equal([0, 0, 0.5, 0.5, 1], roc.Points.Select(p => p.FalsePositiveRate));
        Assert.Equal([0, 0.5, 0.5, 1, 1], roc.Points.Select(p => p.TruePositiveRate));
        Assert.Equal([0.8, 0.4, 0.35, 0.1], roc.Points.Skip(1).Select(p => p.Threshold));
        Assert.Equal(0.75, roc.Auc, 12);
    }

    [Fact]
    public void Ties_count_one_half_as_in_the_mann_whitney_statistic()
    {
        // Pairs (pos, neg): (0.5, 0.5) tie = 1/2, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1 → 3.5 / 4.
        Assert.Equal(0.875, RocAnalysis.Auc([0.5, 0.9, 0.5, 0.2], [1, 1, 0, 0]), 12);
        Assert.Equal(0.5, RocAnalysis.Auc([0.3, 0.3], [0, 1]), 12);
    }

    [Fact]
    public void Perfect_and_inverted_classifiers_give_one_and_zero()
    {
        Assert.Equal(1.0, RocAnalysis.Auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]));
        Assert.Equal(0.0, RocAnalysis.Auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]));
    }

    [Fact]
    public void One_class_only_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => RocAnalysis.Compute([0.1, 0.2], [1, 1]));
        Assert.Contains("positive and one negative", e.Message);
    }

    [Fact]
    public void Bootstrap_interval_is_reproducible_and_brackets_the_estimate()
    {
        var random = new Random(5);
        var labels = Enumerable.Range(0, 60).Select(i => i % 2).ToArray();
        var scores = labels.Select(l => l + (random.NextDouble() * 1.6) - 0.3).ToArray();

        var first = RocAnalysis.BootstrapAuc(scores, labels, 500, 0.95, seed: 11);
        var second = RocAnalysis.BootstrapAuc(scores, labels, 500, 0.95, seed: 11);

        Assert.Equal(first, second);
        Assert.Equal(RocAnalysis.Auc(scores, labels), first.Estimate);
        Assert.InRange(first.Estimate, first.Lower, first.Upper);
        Assert.True(first.Upper - first.Lower is > 0.01 and < 0.4, $"interval {first.Lower}-{first.Upper}");
    }

    [Fact]
    public void Bootstrap_of_a_perfect_classifier_is_one_to_one()
    {
        var ci = RocAnalysis.BootstrapAuc([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [0, 0, 0, 1, 1, 1], 200);
        Assert.Equal((1.0, 1.0), (ci.Lower, ci.Upper));
    }
}
