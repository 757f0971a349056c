using RadCnn.Training.Decisions;

namespace RadCnn.Training.Tests.Decisions;

public class CalibrationErrorTests
{
    [Fact]
    public void A_model_right_as_often_as_it_says_has_a_small_error()
    {
        var random = new Random(3);
        var probabilities = Enumerable.Range(0, 20000).Select(_ => random.NextDouble()).ToArray();
        var labels = probabilities.Select(p => random.NextDouble() < p ? 1 : 0).ToArray();

        Assert.InRange(CalibrationError.Expected(probabilities, labels), 0, 0.02);
    }

    [Fact]
    public void A_model_saying_099_and_right_half_the_time_is_off_by_049()
    {
        var probabilities = Enumerable.Repeat(0.99, 100).ToArray();
        var labels = Enumerable.Range(0, 100).Select(i => i % 2).ToArray();

        Assert.Equal(0.49, CalibrationError.Expected(probabilities, labels), 6);
    }

    [Fact]
    public void Bins_are_weighted_by_their_share_of_the_samples()
    {
        // Bin 0.1-0.2: 3 samples at 0.15, one positive (gap |0.15 - 1/3|); bin 0.9-1: 1 sample at 0.95, positive (gap 0.05).
        double[] probabilities = [0.15, 0.15, 0.15, 0.95];
        int[] labels = [1, 0, 0, 1];

        Assert.Equal((0.75 * Math.Abs(0.15 - (1.0 / 3))) + (0.25 * 0.05), CalibrationError.Expected(probabilities, labels), 9);
    }
}
