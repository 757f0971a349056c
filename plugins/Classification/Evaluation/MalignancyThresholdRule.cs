namespace RadCnn.Plugins.Classification.Evaluation;

/// <summary>How `calibrate` chooses a band's malignancy threshold on the validation nodules.</summary>
internal enum MalignancyThresholdRule
{
    /// <summary>Youden's J (sensitivity + specificity − 1) at its maximum: the rule of 1.0.0-1.3.0.</summary>
    Youden,

    /// <summary>
    /// Among the thresholds whose sensitivity and specificity each stay within a tolerance of Youden's operating point,
    /// the one with the fewest validation nodules within a margin of it (<see cref="MalignancyThreshold.Margin"/>).
    /// </summary>
    Margin,

    /// <summary>The median of Youden thresholds over bootstrap resamples of the nodules (<see cref="MalignancyThreshold.BootstrapYouden"/>).</summary>
    BootstrapYouden,
}
