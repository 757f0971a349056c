using RadCnn.Training.Decisions;
using RadCnn.Training.Metrics;

namespace RadCnn.Training.Tests.Decisions;

public class ThresholdChoiceTests
{
    // A model whose scores all sit above 0.5: negatives 0.60-0.80, positives 0.85-0.95. A cut at 0.5 calls everything positive.
    private static readonly double[] Scores = [.. Enumerable.Range(0, 20).Select(i => 0.6 + (i * 0.01)), .. Enumerable.Range(0, 20).Select(i => 0.85 + (i * 0.005))];
    private static readonly int[] Labels = [.. Enumerable.Repeat(0, 20), .. Enumerable.Repeat(1, 20)];

    [Fact]
    public void Youden_finds_the_gap_between_the_classes_where_05_fails()
    {
        var threshold = ThresholdChoice.Youden(Scores, Labels);

        Assert.InRange(threshold, 0.79, 0.85);
        var confusion = BinaryConfusion.At(Scores, Labels, threshold);
        Assert.Equal((1.0, 1.0), (confusion.Sensitivity, confusion.Specificity));
        Assert.Equal(0.0, BinaryConfusion.At(Scores, Labels, 0.5).Specificity);
    }

    [Fact]
    public void A_sensitivity_target_gives_the_most_specific_threshold_that_reaches_it()
    {
        // Overlapping classes: positives 0.3-0.9, negatives 0.1-0.7.
        var scores = Enumerable.Range(0, 50).Select(i => 0.3 + (i * 0.012)).Concat(Enumerable.Range(0, 50).Select(i => 0.1 + (i * 0.012))).ToArray();
        var labels = Enumerable.Repeat(1, 50).Concat(Enumerable.Repeat(0, 50)).ToArray();

        var threshold = ThresholdChoice.ForSensitivity(scores, labels, 0.9);

        Assert.True(BinaryConfusion.At(scores, labels, threshold).Sensitivity >= 0.9);
        Assert.True(BinaryConfusion.At(scores, labels, threshold + 0.013).Sensitivity < 0.9, "a higher threshold would also reach the target");
    }

    [Fact]
    public void Validation_with_one_class_only_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ThresholdChoice.Youden([0.2, 0.4], [1, 1]));
    }
}
