namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// One axial slice of a CT phantom in Hounsfield units (n × n, row-major, −1000 outside the body)
/// with what the checks need: a mask of uniform organ interior (HU honesty, noise) and the
/// low-contrast lesions (contrast-to-noise ratio).
/// </summary>
public sealed class CtAnatomySlice
{
    public required int Size { get; init; }

    public required float[] Hu { get; init; }

    /// <summary>1 inside uniform tissue (an organ's interior away from edges and lesions), 0 elsewhere.</summary>
    public required byte[] UniformMask { get; init; }

    public required IReadOnlyList<CtLesion> Lesions { get; init; }

    /// <summary>"chest", "abdomen", "head-like"...</summary>
    public required string Region { get; init; }

    /// <summary>The parenchymal texture each organ received (empty for an untextured slice).</summary>
    internal IReadOnlyList<OrganTexture> Textures { get; init; } = [];
}
