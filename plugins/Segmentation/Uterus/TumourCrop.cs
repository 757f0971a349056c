namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// The second stage of the uterus cascade: the square in-plane box (and the slices) around a uterus mask
/// in which the tumour network works, shared by training (around the true uterus, jittered) and
/// inference (around the predicted uterus). Inside the box the tumour is a far larger share of the
/// pixels than on the whole field of view, the network sees it at a finer scale, and every negative it
/// learns from is uterus without tumour (the confusion that matters) rather than pelvis.
/// </summary>
/// <param name="FirstSlice">First slice of the box (the uterus's first slice less the slice margin, clamped).</param>
/// <param name="LastSlice">Last slice of the box.</param>
/// <param name="Top">Row of the box's top edge on the source grid (may be negative: outside is zero).</param>
/// <param name="Left">Column of the box's left edge (may be negative).</param>
/// <param name="Side">Edge of the square box in source pixels.</param>
internal sealed record TumourCrop(int FirstSlice, int LastSlice, int Top, int Left, int Side)
{
    /// <summary>Share of the uterus's larger in-plane extent added on each side at inference.</summary>
    public const double Margin = 0.15;

    /// <summary>The smallest box edge (pixels), so a speck of uterus still gives the network context.</summary>
    public const int MinimumSide = 24;

    /// <summary>
    /// The box around <paramref name="mask"/>: its in-plane bounding box over all slices, squared on its
    /// larger side plus <paramref name="margin"/> of it on each side, its centre moved by
    /// (<paramref name="shiftRows"/>, <paramref name="shiftColumns"/>) times the side, and
    /// <paramref name="sliceMargin"/> slices before and after; null for an empty mask.
    /// </summary>
    public static TumourCrop? Around(bool[] mask, int slices, int rows, int columns, double margin = Margin, double shiftRows = 0, double shiftColumns = 0, int sliceMargin = 1)
    {
        int top = rows, bottom = -1, left = columns, right = -1, first = slices, last = -1;
        var plane = rows * columns;
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i])
            {
                continue;
            }

            var s = i / plane;
            var y = (i % plane) / columns;
            var x = i % columns;
            first = Math.Min(first, s);
            last = Math.Max(last, s);
            top = Math.Min(top, y);
            bottom = Math.Max(bottom, y);
            left = Math.Min(left, x);
            right = Math.Max(right, x);
        }

        if (last < 0)
        {
            return null;
        }

        var extent = Math.Max(bottom - top + 1, right - left + 1);
        var side = Math.Max(MinimumSide, (int)Math.Round(extent * (1 + (2 * margin))));
        var centreY = ((top + bottom) / 2.0) + (shiftRows * side);
        var centreX = ((left + right) / 2.0) + (shiftColumns * side);
        return new TumourCrop(
            Math.Max(0, first - sliceMargin),
            Math.Min(slices - 1, last + sliceMargin),
            (int)Math.Round(centreY - (side / 2.0) + 0.5),
            (int)Math.Round(centreX - (side / 2.0) + 0.5),
            side);
    }

    /// <summary>The volume as the tumour network sees it before cropping: divided by its own 99th percentile and clamped, on the source grid (the scale of <see cref="MrSlices.Prepare"/>).</summary>
    public static float[] Normalise(float[] voxels)
    {
        var scale = MrSlices.RobustScale(voxels);
        var output = new float[voxels.Length];
        for (var i = 0; i < voxels.Length; i++)
        {
            output[i] = Math.Clamp(voxels[i] / scale, 0, MrSlices.MaxValue);
        }

        return output;
    }

    /// <summary>The box on one slice of a source-grid volume resampled to <paramref name="size"/>² (area averaging down, bilinear up); outside the image is zero.</summary>
    public float[] Slice(ReadOnlySpan<float> volume, int slice, int rows, int columns, int size)
    {
        var plane = rows * columns;
        var box = new float[Side * Side];
        for (var y = 0; y < Side; y++)
        {
            var sy = Top + y;
            if (sy < 0 || sy >= rows)
            {
                continue;
            }

            for (var x = 0; x < Side; x++)
            {
                var sx = Left + x;
                if (sx >= 0 && sx < columns)
                {
                    box[(y * Side) + x] = volume[(slice * plane) + (sy * columns) + sx];
                }
            }
        }

        return MrSlices.AreaResize(box, Side, Side, size, size);
    }

    /// <summary>The network input for one slice of the box: the slice, or (2.5D) it with its neighbours (repeated at the volume's ends), each <paramref name="size"/>².</summary>
    public float[] Planes(float[] normalised, int slices, int rows, int columns, int slice, int planes, int size)
    {
        var area = size * size;
        var output = new float[planes * area];
        var half = planes / 2;
        for (var p = 0; p < planes; p++)
        {
            Slice(normalised, Math.Clamp(slice - half + p, 0, slices - 1), rows, columns, size).CopyTo(output, p * area);
        }

        return output;
    }

    /// <summary>
    /// The tumour network on every slice of the box, each map written back into <paramref name="tumour"/> on the
    /// source grid (<see cref="Paste"/>; voxels outside the box are left as they are).
    /// </summary>
    public async Task PredictIntoAsync(ITumourCropModel network, float[] normalised, int slices, int rows, int columns, int planes, float[] tumour, CancellationToken cancellationToken)
    {
        var range = Enumerable.Range(FirstSlice, LastSlice - FirstSlice + 1).ToList();
        var maps = await Task.WhenAll(range.Select(s => network.PredictAsync(Planes(normalised, slices, rows, columns, s, planes, network.Size), cancellationToken))).ConfigureAwait(false);
        for (var k = 0; k < range.Count; k++)
        {
            Paste(maps[k], network.Size, range[k], tumour, rows, columns);
        }
    }

    /// <summary>A <paramref name="size"/>² map of the box on <paramref name="slice"/> written back into a source-grid volume (bilinear), inside the image only.</summary>
    public void Paste(ReadOnlySpan<float> map, int size, int slice, float[] volume, int rows, int columns)
    {
        var plane = rows * columns;
        var box = MrSlices.Bilinear(map, size, size, Side, Side);
        for (var y = Math.Max(0, -Top); y < Math.Min(Side, rows - Top); y++)
        {
            for (var x = Math.Max(0, -Left); x < Math.Min(Side, columns - Left); x++)
            {
                volume[(slice * plane) + ((Top + y) * columns) + Left + x] = box[(y * Side) + x];
            }
        }
    }
}
