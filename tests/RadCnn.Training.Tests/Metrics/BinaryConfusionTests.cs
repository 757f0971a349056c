using RadCnn.Training.Metrics;

namespace RadCnn.Training.Tests.Metrics;

public class BinaryConfusionTests
{
    [Fact]
    public void Rates_at_a_threshold_match_hand_counts()
    {
        // Called positive (≥ 0.5): indices 0, 1, 4. Truth positive: 0, 2. TP 1, FP 2, FN 1, TN 1.
        var c = BinaryConfusion.At([0.9, 0.8, 0.3, 0.2, 0.5], [1, 0, 1, 0, 0], 0.5);

        Assert.Equal(new BinaryConfusion(1, 2, 1, 1), c);
        Assert.Equal(0.5, c.Sensitivity, 12);
        Assert.Equal(1.0 / 3, c.Specificity, 12);
        Assert.Equal(0.4, c.Accuracy, 12);
        Assert.Equal(1.0 / 3, c.Precision, 12);
        Assert.Equal(0.4, c.F1, 12); // 2·1 / (2·1 + 2 + 1)
    }

    [Fact]
    public void Undefined_rates_are_nan()
    {
        var c = BinaryConfusion.At([0.1, 0.2], [0, 0], 0.5);
        Assert.True(double.IsNaN(c.Sensitivity));
        Assert.Equal(1.0, c.Specificity);
    }

    [Fact]
    public void Multiclass_accuracy_and_macro_f1()
    {
        int[] predicted = [0, 1, 2, 2, 1];
        int[] actual = [0, 1, 1, 2, 2];
        Assert.Equal(0.6, ClassificationMetrics.Accuracy(predicted, actual), 12);
        // F1 per class: 0 → 1, 1 → 2·1/(2+1+1) = 0.5, 2 → 0.5; mean 2/3.
        Assert.Equal(2.0 / 3, ClassificationMetrics.MacroF1(predicted, actual, 3), 12);
    }
}
