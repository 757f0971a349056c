using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// What the cascade found on the source grid: probabilities, masks, measured masses and where the time went. The mass
/// probabilities are the first reading's, except on the masses the zoomed reading added, which carry its own.
/// </summary>
internal sealed record CascadeResult(
    float[] LiverProbability,
    bool[] Liver,
    float[] MassProbability,
    bool[] Masses,
    IReadOnlyList<LesionMeasure> Lesions,
    double LiverVolumeMl,
    IReadOnlyDictionary<string, double> StageSeconds)
{
    /// <summary>
    /// The network's own kept masses, before the classical candidates joined them (null where the cascade was built without
    /// it): a reported mass that touches none of these was found by the classical candidates alone.
    /// </summary>
    public bool[]? NetworkMasses { get; init; }

    /// <summary>
    /// The source voxels (indices) of the components the zoomed reading added (<see cref="ZoomedMassRule"/>; also in
    /// <see cref="NetworkMasses"/>, since the network found them), in ascending order; empty where it added none, null
    /// where it did not run. A list, not a mask: the added masses are small and a mask is a series' worth of bytes.
    /// </summary>
    public IReadOnlyList<int>? ZoomedMassVoxels { get; init; }

    /// <summary>The zoomed reading's normalised input, for probing the masses it added; null where it did not run.</summary>
    public CtVolume? ZoomedGrid { get; init; }

    /// <summary>Where <see cref="ZoomedGrid"/> starts, in mm from source voxel (0, 0, 0).</summary>
    public (double Z, double Y, double X) ZoomedGridStart { get; init; }

    /// <summary>Centre of the liver's bounding box in source voxels; null when no liver was found.</summary>
    public (int Z, int Y, int X)? LiverCenterVoxel { get; init; }

    /// <summary>The normalised stage-1 input (whole abdomen on the liver grid), for robustness probes.</summary>
    public CtVolume? LiverGrid { get; init; }

    /// <summary>The normalised stage-2 input (the liver box on the fine grid); null when no liver was found.</summary>
    public CtVolume? MassGrid { get; init; }

    /// <summary>Where <see cref="MassGrid"/> starts, in mm from source voxel (0, 0, 0).</summary>
    public (double Z, double Y, double X) MassGridStart { get; init; }

    /// <summary>
    /// The masks, masses and figures without the series-sized probability maps and the networks' inputs (their arrays
    /// empty, the grids and the network-only mask null): what a result is written from once the probes have run.
    /// </summary>
    public CascadeResult Measured() => this with { LiverProbability = [], MassProbability = [], NetworkMasses = null, LiverGrid = null, MassGrid = null, ZoomedGrid = null };
}
