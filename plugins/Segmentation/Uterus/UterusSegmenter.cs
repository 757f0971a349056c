using System.Diagnostics;
using RadCnn.Plugins.Segmentation.Analysis;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// Uterus and tumour on an MR series, slice by slice: the volume is normalised by its own robust scale
/// and every slice resampled to the network's grid (<see cref="MrSlices"/>); all slices go to the model
/// at once (the engine batches them); the two probability maps come back to the source grid by bilinear
/// interpolation, then <see cref="Decide"/> applies the validation-chosen thresholds. With a cascade
/// tumour network (<paramref name="tumourModel"/>) the tumour map comes from it instead: it runs on the
/// box around the decided uterus (<see cref="TumourCrop"/>), slice by slice at its own finer grid, and is
/// zero outside the box.
/// </summary>
internal sealed class UterusSegmenter(ISliceModel model, UterusSettings settings, ITumourCropModel? tumourModel = null)
{
    public async Task<UterusResult> RunAsync(float[] voxels, int slices, int rows, int columns, (double Z, double Y, double X) spacing, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var prepared = MrSlices.Prepare(voxels, slices, rows, columns);
        var outputs = await Task.WhenAll(Enumerable.Range(0, slices).Select(s => model.PredictAsync(MrSlices.Planes(prepared, slices, s, settings.Planes), cancellationToken))).ConfigureAwait(false);
        var plane = rows * columns;
        var area = MrSlices.Size * MrSlices.Size;
        var uterus = new float[slices * plane];
        var tumour = new float[slices * plane];
        // Slices are independent: resampled back in parallel (on a 512² series this is 16 M output pixels).
        Parallel.For(0, slices, new ParallelOptions { CancellationToken = cancellationToken }, s =>
        {
            MrSlices.Bilinear(outputs[s].AsSpan(0, area), MrSlices.Size, MrSlices.Size, rows, columns).CopyTo(uterus, s * plane);
            MrSlices.Bilinear(outputs[s].AsSpan(area, area), MrSlices.Size, MrSlices.Size, rows, columns).CopyTo(tumour, s * plane);
        });

        TumourCrop? box = null;
        float[]? normalised = null;
        if (tumourModel is not null)
        {
            (box, normalised) = await CascadeTumourAsync(tumourModel, voxels, uterus, tumour, slices, rows, columns, spacing, cancellationToken).ConfigureAwait(false);
        }

        var (uterusMask, tumourMask) = Decide(uterus, tumour, slices, rows, columns, spacing, settings);
        var voxelMl = spacing.Z * spacing.Y * spacing.X / 1000.0;
        var tumourMl = tumourMask.Count(b => b) * voxelMl;
        var invasion = WallInvasion.Fraction(uterusMask, tumourMask, slices, rows, columns, spacing);
        return new UterusResult(uterus, tumour, uterusMask, tumourMask, uterusMask.Count(b => b) * voxelMl, tumourMl, invasion, prepared, clock.Elapsed.TotalSeconds) { TumourBox = box, Normalised = normalised };
    }

    /// <summary>
    /// The cascade's second stage: the uterus decided without any tumour (threshold, largest piece), the
    /// box around it, the tumour network on every slice of the box; <paramref name="tumour"/> is
    /// overwritten (zero outside the box). Returns the box and the normalised volume (for the probe).
    /// </summary>
    private async Task<(TumourCrop? Box, float[] Normalised)> CascadeTumourAsync(ITumourCropModel network, float[] voxels, float[] uterus, float[] tumour, int slices, int rows, int columns, (double Z, double Y, double X) spacing, CancellationToken cancellationToken)
    {
        Array.Clear(tumour);
        var normalised = TumourCrop.Normalise(voxels);
        var (uterusAlone, _) = Decide(uterus, tumour, slices, rows, columns, spacing, settings with { TumourThreshold = 2 });
        if (TumourCrop.Around(uterusAlone, slices, rows, columns) is not { } box)
        {
            return (null, normalised);
        }

        var range = Enumerable.Range(box.FirstSlice, box.LastSlice - box.FirstSlice + 1).ToList();
        var maps = await Task.WhenAll(range.Select(s => network.PredictAsync(box.Planes(normalised, slices, rows, columns, s, settings.Planes, network.Size), cancellationToken))).ConfigureAwait(false);
        for (var k = 0; k < range.Count; k++)
        {
            box.Paste(maps[k], network.Size, range[k], tumour, rows, columns);
        }

        return (box, normalised);
    }

    /// <summary>
    /// Masks from probabilities: the uterus (with any tumour voxel, which lies in it) kept as its largest
    /// 6-connected piece; the tumour inside that uterus, its largest piece, and only when at least the
    /// smallest reported volume (otherwise no tumour is reported).
    /// </summary>
    public static (bool[] Uterus, bool[] Tumour) Decide(float[] uterusProbability, float[] tumourProbability, int slices, int rows, int columns, (double Z, double Y, double X) spacing, UterusSettings settings)
    {
        var uterus = new bool[uterusProbability.Length];
        var tumour = new bool[uterusProbability.Length];
        for (var i = 0; i < uterus.Length; i++)
        {
            tumour[i] = tumourProbability[i] >= settings.TumourThreshold;
            uterus[i] = uterusProbability[i] >= settings.UterusThreshold || tumour[i];
        }

        uterus = ConnectedComponents.Largest(uterus, slices, rows, columns);
        for (var i = 0; i < tumour.Length; i++)
        {
            tumour[i] &= uterus[i];
        }

        tumour = ConnectedComponents.Largest(tumour, slices, rows, columns);
        var voxelMl = spacing.Z * spacing.Y * spacing.X / 1000.0;
        if (tumour.Count(b => b) * voxelMl < settings.MinimumTumourMl)
        {
            Array.Clear(tumour);
        }

        return (uterus, tumour);
    }
}
