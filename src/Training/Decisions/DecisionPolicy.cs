namespace RadCnn.Training.Decisions;

/// <summary>
/// How a binary model's output becomes a calibrated probability and a decision, fitted on the
/// validation split and recorded in model.json: P = sigmoid((l₁ − l₀) / <see cref="Temperature"/>),
/// positive when P ≥ <see cref="Threshold"/>. A plugin reads it instead of assuming 0.5.
/// </summary>
public sealed record DecisionPolicy
{
    /// <summary>Temperature dividing the logit difference (1 leaves the network's own confidence).</summary>
    public double Temperature { get; init; } = 1;

    /// <summary>Decision threshold on the calibrated probability.</summary>
    public required double Threshold { get; init; }

    public ThresholdRule Rule { get; init; } = ThresholdRule.Youden;

    /// <summary>The target of <see cref="ThresholdRule.Sensitivity"/>; unused by Youden.</summary>
    public double? TargetSensitivity { get; init; }

    /// <summary>Validation samples the temperature and threshold were fitted on.</summary>
    public int ValidationSamples { get; init; }

    public double ValidationSensitivity { get; init; }

    public double ValidationSpecificity { get; init; }

    /// <summary>Expected calibration error on validation before temperature scaling (T = 1).</summary>
    public double ValidationEceUncalibrated { get; init; }

    /// <summary>Expected calibration error on validation after temperature scaling.</summary>
    public double ValidationEce { get; init; }

    /// <summary>The calibrated probability of the positive class.</summary>
    public double Probability(double logitDifference) => TemperatureScaling.Probability(logitDifference, Temperature);

    public bool IsPositive(double probability) => probability >= Threshold;

    /// <summary>Fits the temperature and chooses the threshold on validation logit differences.</summary>
    public static DecisionPolicy Fit(IReadOnlyList<double> logitDifferences, IReadOnlyList<int> labels, ThresholdRule rule, double targetSensitivity = 0.95)
    {
        ArgumentNullException.ThrowIfNull(logitDifferences);
        var temperature = TemperatureScaling.Fit(logitDifferences, labels);
        var raw = logitDifferences.Select(z => TemperatureScaling.Probability(z, 1)).ToArray();
        var calibrated = logitDifferences.Select(z => TemperatureScaling.Probability(z, temperature)).ToArray();
        var threshold = ThresholdChoice.Choose(calibrated, labels, rule, targetSensitivity);
        var confusion = Metrics.BinaryConfusion.At(calibrated, labels, threshold);
        return new DecisionPolicy
        {
            Temperature = Math.Round(temperature, 6),
            Threshold = threshold,
            Rule = rule,
            TargetSensitivity = rule == ThresholdRule.Sensitivity ? targetSensitivity : null,
            ValidationSamples = labels.Count,
            ValidationSensitivity = confusion.Sensitivity,
            ValidationSpecificity = confusion.Specificity,
            ValidationEceUncalibrated = CalibrationError.Expected(raw, labels),
            ValidationEce = CalibrationError.Expected(calibrated, labels),
        };
    }
}
