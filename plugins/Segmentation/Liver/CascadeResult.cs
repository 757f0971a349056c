using RadCnn.Plugins.Segmentation.Analysis;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>What the cascade found on the source grid: probabilities, masks, measured masses and where the time went.</summary>
internal sealed record CascadeResult(
    float[] LiverProbability,
    bool[] Liver,
    float[] MassProbability,
    bool[] Masses,
    IReadOnlyList<LesionMeasure> Lesions,
    double LiverVolumeMl,
    IReadOnlyDictionary<string, double> StageSeconds)
{
    /// <summary>Stage-2 window of the liver box in source voxels (z, y, x start; null when no liver was found).</summary>
    public (int Z, int Y, int X)? LiverCenterVoxel { get; init; }
}
