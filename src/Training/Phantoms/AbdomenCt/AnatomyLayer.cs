namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>What a painted layer does to the ground truth where it is drawn.</summary>
internal enum LayerLabel : byte
{
    /// <summary>Background tissue: the voxel belongs to neither segment.</summary>
    None = 0,

    /// <summary>Liver parenchyma.</summary>
    Liver = 1,

    /// <summary>A liver mass (also part of the liver segment, as in LiTS).</summary>
    Mass = 2,

    /// <summary>Leaves the label as it is (vessels running through the liver stay liver).</summary>
    Keep = 255,
}

/// <summary>
/// One structure of an abdominal phantom, painted over the layers before it: its solid, its
/// attenuation (HU), the label it writes, and optionally a solid it is confined to (masses inside the liver).
/// </summary>
internal sealed record AnatomyLayer(string Name, ISolid Solid, double Hu, LayerLabel Label)
{
    public ISolid? Within { get; init; }
}

/// <summary>A mass placed in a phantom liver (ground truth for detection metrics).</summary>
/// <param name="Center">Centre in patient coordinates (mm).</param>
/// <param name="DiameterMm">Nominal diameter.</param>
/// <param name="Kind">"hypodense" or "hyperdense".</param>
/// <param name="Placement">"interior", "edge" or "vessel".</param>
public sealed record AbdomenMass(double[] Center, double DiameterMm, string Kind, string Placement);

/// <summary>The layers of one phantom in paint order, its liver solid, masses, noise level and scan placement.</summary>
internal sealed record AbdomenAnatomy(IReadOnlyList<AnatomyLayer> Layers, ISolid Liver, IReadOnlyList<AbdomenMass> Masses)
{
    /// <summary>Standard deviation of the image noise (HU).</summary>
    public double NoiseHu { get; init; } = 12;

    /// <summary>Second generator: sparse streaks and heavier-tailed noise instead of smooth Gaussian texture.</summary>
    public bool StreakNoise { get; init; }

    /// <summary>In-plane Gaussian blur (in pixels) applied to the noise, so texture is correlated as in reconstructed CT.</summary>
    public double NoiseCorrelation { get; init; } = 0.8;

    /// <summary>Patient z of the liver centre: the scan is centred near it.</summary>
    public double LiverCenterZ { get; init; }
}
