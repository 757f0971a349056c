using RadCnn.Training.Decisions;

namespace RadCnn.Training.Tests.Decisions;

public class TemperatureScalingTests
{
    /// <summary>Labels drawn from sigmoid(z); the network's logits are z times <paramref name="overconfidence"/>.</summary>
    private static (double[] Logits, int[] Labels) Overconfident(double overconfidence, int count, int seed)
    {
        var random = new Random(seed);
        var z = Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 8) - 4).ToArray();
        var labels = z.Select(v => random.NextDouble() < 1 / (1 + Math.Exp(-v)) ? 1 : 0).ToArray();
        return (z.Select(v => v * overconfidence).ToArray(), labels);
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(0.5)]
    public void The_fitted_temperature_undoes_a_known_over_or_under_confidence(double factor)
    {
        var (logits, labels) = Overconfident(factor, 4000, 7);

        var temperature = TemperatureScaling.Fit(logits, labels);

        Assert.InRange(temperature, factor * 0.85, factor * 1.15);
    }

    [Fact]
    public void Scaling_lowers_the_calibration_error_of_an_overconfident_model()
    {
        var (logits, labels) = Overconfident(4, 2000, 11);
        var policy = DecisionPolicy.Fit(logits, labels, ThresholdRule.Youden);

        Assert.True(policy.ValidationEce < policy.ValidationEceUncalibrated / 2, $"ECE {policy.ValidationEceUncalibrated:F3} -> {policy.ValidationEce:F3}");
        Assert.True(policy.ValidationEce < 0.05, $"calibrated ECE {policy.ValidationEce:F3}");
    }
}
