namespace RadCnn.Training.Decisions;

/// <summary>How the decision threshold is chosen on the validation split.</summary>
public enum ThresholdRule
{
    /// <summary>Maximum of sensitivity + specificity − 1 (Youden's J): both errors weigh the same.</summary>
    Youden = 0,

    /// <summary>The highest threshold that still reaches the target sensitivity (screening: a missed case costs most).</summary>
    Sensitivity = 1,
}
