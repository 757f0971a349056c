namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// What the uterus model found on one MR series, on its source grid ([slice][row][column]): the
/// probability maps, the decided masks (the uterus includes the tumour), volumes, the tumour's depth of
/// invasion (fraction of the wall, null without a tumour), the normalised network input (for probes)
/// and the seconds spent.
/// </summary>
internal sealed record UterusResult(
    float[] UterusProbability,
    float[] TumourProbability,
    bool[] Uterus,
    bool[] Tumour,
    double UterusVolumeMl,
    double TumourVolumeMl,
    double? InvasionFraction,
    float[] Prepared,
    double Seconds)
{
    public bool HasTumour => TumourVolumeMl > 0;

    /// <summary>The box the cascade's tumour network worked in (null without a cascade or without a uterus).</summary>
    public TumourCrop? TumourBox { get; init; }

    /// <summary>The volume normalised on the source grid, as the cascade's tumour network read it (null without a cascade).</summary>
    public float[]? Normalised { get; init; }
}
