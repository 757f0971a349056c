using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Inference;

/// <summary>
/// How one network of a cascade sees CT: the grid spacing it works at (mm, z-y-x), its patch size, and
/// the HU window mapped to 0-1 (values outside clamp). The same spec prepares training patches and
/// inference windows.
/// </summary>
internal sealed record StageSpec(string Name, (double Z, double Y, double X) Spacing, (int Depth, int Height, int Width) Patch, double WindowCenter = 60, double WindowWidth = 400)
{
    /// <summary>The normalised value of air and fat below the window, used for padding.</summary>
    public const float PadValue = 0f;

    public long[] InputShape => [1, Patch.Depth, Patch.Height, Patch.Width];

    public float Normalize(float hu) => (float)Math.Clamp((hu - (WindowCenter - (WindowWidth / 2))) / WindowWidth, 0, 1);

    /// <summary>The source resampled on this stage's grid from <paramref name="start"/> (mm) and normalised.</summary>
    public CtVolume Prepare(CtVolume hu, (double Z, double Y, double X) start, (int Depth, int Height, int Width) size) =>
        Resampler.ToGrid(hu, start, Spacing, size, -1000f).Map(Normalize);

    /// <summary>The whole source on this stage's grid, normalised.</summary>
    public CtVolume PrepareWhole(CtVolume hu) => Prepare(hu, (0, 0, 0), Resampler.CoveringSize(hu, Spacing));
}
