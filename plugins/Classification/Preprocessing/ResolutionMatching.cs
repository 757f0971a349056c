using RadCnn.Training.Data;

namespace RadCnn.Plugins.Classification.Preprocessing;

/// <summary>
/// Blurs a fine scan in the slice's plane so that its effective resolution is what a scan of the same field of view
/// at the training matrix (128) has: the networks were trained on 128-matrix phantoms (2.4-3.6 mm pixels), and a 512
/// scan of the same field shows small vessels sharper than any input they saw. Applied to the whole volume before the
/// candidate grid and the patches; a scan at or coarser than the training matrix is returned unchanged.
/// </summary>
/// <remarks>
/// The blur is derived from the chest-CT phantoms' scanner (<c>ChestCtGenerator</c>), whose in-plane resolution is set
/// in pixels and so scales with the pixel spacing p: a Gaussian of <see cref="ScannerBlurPixels"/> × p, shapes painted
/// with a linear partial-volume edge of width E = max(p, min(slice spacing, 2p)) (a box of variance E²/12), and the
/// plugin's own trilinear sampling, whose variance averaged over the sample's offset is p²/6 per axis. Its slice
/// profile depends on the thickness and slice spacing alone, not the matrix, so the slice axis is left as it is.
/// The extra blur is a Gaussian of sigma² = sigma²(p at 128) − sigma²(p of the scan), per in-plane axis.
/// </remarks>
internal static class ResolutionMatching
{
    /// <summary>The matrix the shipped networks were trained on.</summary>
    public const int TrainingMatrix = 128;

    /// <summary>The standard phantoms' scanner blur (<c>ChestCtStyle.BlurPixels</c>), in pixels.</summary>
    public const double ScannerBlurPixels = 0.5;

    /// <summary>Below this extra sigma (in source pixels) the scan is left as it is: a 128 scan gets exactly zero.</summary>
    private const double MinSigmaPixels = 0.05;

    /// <summary>The effective in-plane blur (SD, mm) of a phantom scan with this pixel and slice spacing, as the plugin samples it.</summary>
    public static double EffectiveSigmaMm(double pixelMm, double sliceMm)
    {
        var edge = Math.Max(pixelMm, Math.Min(sliceMm, 2 * pixelMm));
        var psf = ScannerBlurPixels * pixelMm;
        return Math.Sqrt((psf * psf) + (edge * edge / 12) + (pixelMm * pixelMm / 6));
    }

    /// <summary>The extra Gaussian (SD, mm) along one in-plane axis of <paramref name="voxels"/> voxels of <paramref name="pixelMm"/>.</summary>
    public static double ExtraSigmaMm(int voxels, double pixelMm, double sliceMm)
    {
        var trainingPixel = voxels * pixelMm / TrainingMatrix;
        if (trainingPixel <= pixelMm)
        {
            return 0;
        }

        var extra = Math.Pow(EffectiveSigmaMm(trainingPixel, sliceMm), 2) - Math.Pow(EffectiveSigmaMm(pixelMm, sliceMm), 2);
        return extra > 0 ? Math.Sqrt(extra) : 0;
    }

    /// <summary>The volume at the training matrix's resolution (the same instance where no blur is needed).</summary>
    public static CtVolume Match(CtVolume volume)
    {
        var sigmaColumns = ExtraSigmaMm(volume.Columns, volume.Spacing.X, volume.Spacing.Z) / volume.Spacing.X;
        var sigmaRows = ExtraSigmaMm(volume.Rows, volume.Spacing.Y, volume.Spacing.Z) / volume.Spacing.Y;
        if (sigmaColumns < MinSigmaPixels && sigmaRows < MinSigmaPixels)
        {
            return volume;
        }

        var hu = VolumeFilters.Gaussian(volume.Hu, volume.Columns, volume.Rows, volume.Slices,
            sigmaColumns < MinSigmaPixels ? 0 : sigmaColumns, sigmaRows < MinSigmaPixels ? 0 : sigmaRows, 0);
        return new CtVolume(hu, volume.Columns, volume.Rows, volume.Slices, volume.Spacing, volume.Origin, volume.RowDirection, volume.ColumnDirection);
    }
}
