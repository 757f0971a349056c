namespace RadCnn.Plugins.Segmentation.Evaluation;

/// <summary>How the uterus model did on one labelled MR case.</summary>
internal sealed record UterusCaseMetrics(
    string Id,
    double UterusDice,
    double UterusVolumeErrorPercent,
    bool TruthHasTumour,
    bool ReportedTumour,
    double? TumourDice,
    double? TruthInvasion,
    double? ReportedInvasion)
{
    /// <summary>Seconds the segmenter took (normalisation, network, resampling, decisions).</summary>
    public double Seconds { get; init; }
}
