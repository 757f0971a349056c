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

        await box.PredictIntoAsync(network, normalised, slices, rows, columns, settings.Planes, tumour, cancellationToken).ConfigureAwait(false);
        return (box, normalised);
    }

    /// <summary>
    /// Masks from probabilities. The uterus: probability at its threshold or tumour, kept as its largest
    /// 6-connected piece (tumour voxels that touch the uterus belong to it). The tumour: the largest piece
    /// of the thresholded tumour map that lies inside or touches that uterus or, with a reach
    /// (<see cref="UterusSettings.TumourReachMm"/>), lies within that many millimetres of it; reported only
    /// from the smallest volume up (or, when confident, from a smaller one: <see cref="Reported"/>). A tumour of the uterus or cervix is part of the organ, so a reported
    /// tumour beyond the uterus (the uterus network left part of the cervix out) is added to the uterus:
    /// volume and depth of invasion then read one consistent pair of masks.
    /// </summary>
    public static (bool[] Uterus, bool[] Tumour) Decide(float[] uterusProbability, float[] tumourProbability, int slices, int rows, int columns, (double Z, double Y, double X) spacing, UterusSettings settings)
    {
        var uterus = new bool[uterusProbability.Length];
        var candidates = new bool[uterusProbability.Length];
        for (var i = 0; i < uterus.Length; i++)
        {
            candidates[i] = tumourProbability[i] >= settings.TumourThreshold;
            uterus[i] = uterusProbability[i] >= settings.UterusThreshold || candidates[i];
        }

        uterus = ConnectedComponents.Largest(uterus, slices, rows, columns);
        var tumour = NearestTumour(candidates, uterus, slices, rows, columns, spacing, settings.TumourReachMm);
        var voxelMl = spacing.Z * spacing.Y * spacing.X / 1000.0;
        if (!Reported(tumour, tumourProbability, voxelMl, settings))
        {
            Array.Clear(tumour);
        }

        for (var i = 0; i < tumour.Length; i++)
        {
            uterus[i] |= tumour[i];
        }

        return (uterus, tumour);
    }

    /// <summary>
    /// Whether the chosen piece is large enough to report: at least the smallest tumour, or at least the
    /// smaller floor with a mean tumour probability at the confidence level (an empty piece never is).
    /// </summary>
    internal static bool Reported(bool[] piece, float[] tumourProbability, double voxelMl, UterusSettings settings)
    {
        var voxels = 0;
        var sum = 0.0;
        for (var i = 0; i < piece.Length; i++)
        {
            if (piece[i])
            {
                voxels++;
                sum += tumourProbability[i];
            }
        }

        var ml = voxels * voxelMl;
        return voxels > 0 && (ml >= settings.MinimumTumourMl || (ml >= settings.ConfidentMinimumTumourMl && sum / voxels >= settings.ConfidentTumourProbability));
    }

    /// <summary>
    /// The largest 6-connected piece of <paramref name="candidates"/> that overlaps <paramref name="uterus"/>
    /// grown by <paramref name="reachMm"/> along each axis (a box neighbourhood; 0: the uterus itself, which
    /// already holds every piece touching it); empty when none does.
    /// </summary>
    private static bool[] NearestTumour(bool[] candidates, bool[] uterus, int slices, int rows, int columns, (double Z, double Y, double X) spacing, double reachMm)
    {
        var (labels, sizes) = ConnectedComponents.Label(candidates, slices, rows, columns);
        var tumour = new bool[candidates.Length];
        if (sizes.Count == 0 || !uterus.Contains(true))
        {
            return tumour;
        }

        var near = reachMm > 0 ? Grow(uterus, slices, rows, columns, Radius(reachMm, spacing.Z, slices), Radius(reachMm, spacing.Y, rows), Radius(reachMm, spacing.X, columns)) : uterus;
        var reached = new bool[sizes.Count + 1];
        for (var i = 0; i < labels.Length; i++)
        {
            reached[labels[i]] |= labels[i] != 0 && near[i];
        }

        var keep = Enumerable.Range(1, sizes.Count).Where(l => reached[l]).DefaultIfEmpty(0).MaxBy(l => l == 0 ? -1 : sizes[l - 1]);
        if (keep == 0)
        {
            return tumour;
        }

        for (var i = 0; i < labels.Length; i++)
        {
            tumour[i] = labels[i] == keep;
        }

        return tumour;
    }

    private static int Radius(double mm, double step, int length) => (int)Math.Min(length, Math.Floor(mm / step));

    /// <summary>The mask dilated by a box of half-sizes (<paramref name="rz"/>, <paramref name="ry"/>, <paramref name="rx"/>) voxels: one running window per axis.</summary>
    internal static bool[] Grow(bool[] mask, int slices, int rows, int columns, int rz, int ry, int rx)
    {
        var plane = rows * columns;
        var current = mask;
        foreach (var (length, stride, radius, lines) in new[] { (columns, 1, rx, slices * rows), (rows, columns, ry, slices * columns), (slices, plane, rz, plane) })
        {
            if (radius <= 0)
            {
                continue;
            }

            var next = new bool[mask.Length];
            for (var line = 0; line < lines; line++)
            {
                // The first voxel of each line along this axis.
                var origin = stride == 1 ? line * columns : stride == columns ? ((line / columns) * plane) + (line % columns) : line;
                var inWindow = 0;
                for (var k = 0; k < Math.Min(length, radius); k++)
                {
                    inWindow += current[origin + (k * stride)] ? 1 : 0;
                }

                for (var k = 0; k < length; k++)
                {
                    if (k + radius < length && current[origin + ((k + radius) * stride)])
                    {
                        inWindow++;
                    }

                    if (k - radius - 1 >= 0 && current[origin + ((k - radius - 1) * stride)])
                    {
                        inWindow--;
                    }

                    next[origin + (k * stride)] = inWindow > 0;
                }
            }

            current = next;
        }

        return current == mask ? (bool[])mask.Clone() : current;
    }
}
