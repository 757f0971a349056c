namespace RadCnn.Plugins.Segmentation.Evaluation;

/// <summary>How the cascade did on one labelled case.</summary>
internal sealed record CaseMetrics(
    string Id,
    double LiverDice,
    double LiverHd95Mm,
    double LiverVolumeErrorPercent,
    double? MassDice,
    int TrueMasses,
    int TrueMassesAtLeast10Mm,
    int DetectedAtLeast10Mm,
    int DetectedAll,
    int FalsePositives)
{
    /// <summary>FGSM Dice agreement of the liver window (null when not probed).</summary>
    public double? LiverAgreement { get; init; }

    /// <summary>Seconds the cascade took on this case (both stages, resampling and measuring).</summary>
    public double Seconds { get; init; }
}
