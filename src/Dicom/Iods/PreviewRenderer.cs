using System.Globalization;

namespace RadCnn.Dicom.Iods;

/// <summary>
/// PNG previews of results for the outbox and for people who would rather look than read: source
/// slices with segment masks, regions or before/after pairs, in a grid, above a legend that says
/// it is AI output. Encoded here (zlib from System.IO.Compression) so that the plugins and the host
/// get previews from the same assembly that builds the DICOM objects, with no native library.
/// </summary>
public static class PreviewRenderer
{
    private const int TileTarget = 192;
    private const int GridColumns = 3;

    /// <summary>Up to <paramref name="maxSlices"/> slices, in stack order: each segment's largest slice, the rest spread through the segmented slices (<see cref="PreviewSlices"/>); each segment tinted and outlined in its colour.</summary>
    /// <param name="sources">The source slices (geometry, window).</param>
    /// <param name="volume">Source pixels in modality units, [slice][row][column].</param>
    /// <param name="segments">The segments, as given to <see cref="SegmentationBuilder"/>.</param>
    /// <param name="masks">One mask per segment, laid out like <paramref name="volume"/>.</param>
    /// <param name="algorithm">The plugin, named in the legend.</param>
    /// <param name="maxSlices">Most slices to show.</param>
    public static byte[] Segmentation(IReadOnlyList<DicomDataset> sources, float[] volume, IReadOnlyList<SegmentDefinition> segments, IReadOnlyList<float[]> masks, AlgorithmIdentity algorithm, int maxSlices = 6)
    {
        var geometry = Check(sources, volume, segments, masks, algorithm);
        var n = geometry.PixelsPerSlice;
        var areas = masks.Select(m => Enumerable.Range(0, sources.Count).Select(s => Count(m.AsSpan(s * n, n))).ToArray()).ToList();
        return Segmentation(sources, volume, geometry, segments, areas, algorithm, maxSlices, (i, slice) => masks[i].AsSpan(slice * n, n));
    }

    /// <summary>As the other overload, with decided masks: <c>true</c> where a pixel belongs to the segment.</summary>
    /// <param name="sources">The source slices (geometry, window).</param>
    /// <param name="volume">Source pixels in modality units, [slice][row][column].</param>
    /// <param name="segments">The segments, as given to <see cref="SegmentationBuilder"/>.</param>
    /// <param name="masks">One mask per segment, laid out like <paramref name="volume"/>.</param>
    /// <param name="algorithm">The plugin, named in the legend.</param>
    /// <param name="maxSlices">Most slices to show.</param>
    public static byte[] Segmentation(IReadOnlyList<DicomDataset> sources, float[] volume, IReadOnlyList<SegmentDefinition> segments, IReadOnlyList<bool[]> masks, AlgorithmIdentity algorithm, int maxSlices = 6)
    {
        var geometry = Check(sources, volume, segments, masks, algorithm);
        var n = geometry.PixelsPerSlice;
        var areas = masks.Select(m => Enumerable.Range(0, sources.Count).Select(s => m.AsSpan(s * n, n).Count(true)).ToArray()).ToList();
        // Only the few shown slices are turned into values for blending.
        return Segmentation(sources, volume, geometry, segments, areas, algorithm, maxSlices, (i, slice) => Array.ConvertAll(masks[i][(slice * n)..((slice + 1) * n)], b => b ? 1f : 0f));
    }

    /// <summary>The sources' geometry, once the volume, the segments and one mask per segment of the volume's size are checked.</summary>
    private static SourceGeometry Check<T>(IReadOnlyList<DicomDataset> sources, float[] volume, IReadOnlyList<SegmentDefinition> segments, IReadOnlyList<T[]> masks, AlgorithmIdentity algorithm)
    {
        var geometry = Check(sources, volume, algorithm);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(masks);
        if (segments.Count != masks.Count || masks.Any(m => m.Length != volume.Length))
        {
            throw new ArgumentException("one mask per segment, each the size of the volume", nameof(masks));
        }

        return geometry;
    }

    private delegate ReadOnlySpan<float> MaskSlice(int mask, int slice);

    private static byte[] Segmentation(IReadOnlyList<DicomDataset> sources, float[] volume, SourceGeometry geometry, IReadOnlyList<SegmentDefinition> segments, List<int[]> areas, AlgorithmIdentity algorithm, int maxSlices, MaskSlice maskSlice)
    {
        var chosen = PreviewSlices.Choose(areas, geometry.StackRank, maxSlices);
        var colors = segments.Select((s, i) => s.Color ?? SegmentColors.Palette(i)).ToList();
        var lines = new List<string> { ImageRendering.Disclaimer, Name(algorithm) };
        lines.AddRange(segments.Select(s => s.Label.ToUpperInvariant()));
        return Montage(sources, volume, geometry, chosen, lines, (canvas, slice, scale, x, y) =>
        {
            for (var i = 0; i < areas.Count; i++)
            {
                ImageRendering.BlendMask(canvas, maskSlice(i, slice), geometry.Columns, geometry.Rows, scale, x, y, colors[i]);
            }
        });
    }

    /// <summary>Before and after pairs for up to <paramref name="maxSlices"/> slices spread through the series.</summary>
    /// <param name="sources">The source slices.</param>
    /// <param name="before">Source pixels in modality units.</param>
    /// <param name="after">Derived pixels in modality units, same layout.</param>
    /// <param name="algorithm">The plugin, named in the legend.</param>
    /// <param name="maxSlices">Most slice pairs to show.</param>
    public static byte[] Derived(IReadOnlyList<DicomDataset> sources, float[] before, float[] after, AlgorithmIdentity algorithm, int maxSlices = 3)
    {
        var geometry = Check(sources, before, algorithm);
        ArgumentNullException.ThrowIfNull(after);
        if (after.Length != before.Length)
        {
            throw new ArgumentException("the derived volume must match the source volume", nameof(after));
        }

        var ordered = Enumerable.Range(0, sources.Count).OrderBy(s => geometry.StackRank[s]).ToList();
        var count = Math.Clamp(maxSlices, 1, ordered.Count);
        var picked = Enumerable.Range(0, count).Select(i => ordered[(int)((i + 0.5) * ordered.Count / count)]).Distinct().ToList();
        // Tiles alternate source, derived; the volume index >= count means "derived".
        var tiles = picked.SelectMany(s => new[] { s, s + sources.Count }).ToList();
        var both = new float[before.Length * 2];
        before.CopyTo(both, 0);
        after.CopyTo(both, before.Length);
        var lines = new List<string> { ImageRendering.Disclaimer, Name(algorithm), "LEFT: SOURCE   RIGHT: AI OUTPUT" };
        return Montage([.. sources, .. sources], both, geometry, tiles, lines, null, columns: 2);
    }

    /// <summary>Every source slice a finding refers to, with its region drawn, and a legend line per finding.</summary>
    /// <param name="sources">The source slices, as given to <see cref="FindingsReportBuilder"/>.</param>
    /// <param name="volume">Source pixels in modality units.</param>
    /// <param name="findings">The findings.</param>
    /// <param name="algorithm">The plugin, named in the legend.</param>
    public static byte[] Findings(IReadOnlyList<DicomDataset> sources, float[] volume, IReadOnlyList<ReportFinding> findings, AlgorithmIdentity algorithm)
    {
        var geometry = Check(sources, volume, algorithm);
        ArgumentNullException.ThrowIfNull(findings);
        var slices = findings.SelectMany(f => f.SourceIndices.Concat(f.Region is null ? [] : [f.Region.SourceIndex]))
            .Where(i => i >= 0 && i < sources.Count).Distinct().OrderBy(i => geometry.StackRank[i]).Take(9).ToList();
        if (slices.Count == 0)
        {
            slices.Add(0);
        }

        var lines = new List<string> { ImageRendering.Disclaimer, Name(algorithm) };
        lines.AddRange(findings.Select((f, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}: {f.Label ?? f.Code.Meaning} P={f.Probability:0.00}{(f.Fragile == true ? " FRAGILE" : string.Empty)}").ToUpperInvariant()));
        return Montage(sources, volume, geometry, slices, lines, (canvas, slice, scale, x, y) =>
        {
            for (var i = 0; i < findings.Count; i++)
            {
                if (findings[i].Region is { } region && region.SourceIndex == slice)
                {
                    DrawRegion(canvas, region, scale, x, y, SegmentColors.Palette(i));
                    var label = (i + 1).ToString(CultureInfo.InvariantCulture);
                    BitmapFont.Draw(canvas, x + (int)(region.Points[0] * scale) + 3, y + (int)(region.Points[1] * scale) + 3, label, Math.Max(1, scale / 2), SegmentColors.Palette(i));
                }
            }
        });
    }

    private delegate void TileDecorator(RgbCanvas canvas, int slice, int scale, int x, int y);

    private static byte[] Montage(IReadOnlyList<DicomDataset> sources, float[] volume, SourceGeometry geometry, List<int> slices, List<string> lines, TileDecorator? decorate, int columns = GridColumns)
    {
        var n = geometry.PixelsPerSlice;
        var scale = Math.Max(1, (TileTarget + geometry.Columns - 1) / geometry.Columns);
        var tileWidth = geometry.Columns * scale;
        var tileHeight = geometry.Rows * scale;
        var gridColumns = Math.Min(columns, slices.Count);
        var gridRows = (slices.Count + gridColumns - 1) / gridColumns;
        var width = Math.Max(gridColumns * tileWidth, BitmapFont.Measure(ImageRendering.Disclaimer, 1) + 8);
        var textScale = ImageRendering.TextScale(width, lines);
        var legendTop = gridRows * tileHeight;
        var canvas = new RgbCanvas(width, legendTop + ImageRendering.LegendHeight(lines.Count, textScale, colorBar: false));
        for (var t = 0; t < slices.Count; t++)
        {
            var slice = slices[t];
            var pixels = volume.AsSpan(slice * n, n);
            var source = sources[slice % sources.Count];
            var window = ImageRendering.ResolveWindow(source, pixels, null);
            var x = t % gridColumns * tileWidth;
            var y = t / gridColumns * tileHeight;
            canvas.Draw(ImageRendering.Gray(pixels, geometry.Columns, geometry.Rows, scale, window, ImageRendering.IsInverted(source)), x, y);
            decorate?.Invoke(canvas, slice, scale, x, y);
        }

        ImageRendering.DrawLegend(canvas, legendTop, lines, textScale, colorBar: false);
        return PngEncoder.Encode(canvas);
    }

    private static void DrawRegion(RgbCanvas canvas, FindingRegion region, int scale, int x0, int y0, (byte R, byte G, byte B) color)
    {
        var p = region.Points;
        (float X, float Y) At(int i) => (x0 + p[2 * i] * scale, y0 + p[2 * i + 1] * scale);
        switch (region.Shape)
        {
            case RegionShape.Circle when p.Count >= 4:
                var c = At(0);
                var e = At(1);
                var r = MathF.Sqrt((e.X - c.X) * (e.X - c.X) + (e.Y - c.Y) * (e.Y - c.Y));
                for (var a = 0; a < 360; a++)
                {
                    canvas.Set((int)(c.X + r * MathF.Cos(a * MathF.PI / 180)), (int)(c.Y + r * MathF.Sin(a * MathF.PI / 180)), color.R, color.G, color.B);
                }

                break;
            case RegionShape.Point or RegionShape.Multipoint:
                for (var i = 0; i < p.Count / 2; i++)
                {
                    var q = At(i);
                    Line(canvas, (q.X - 4, q.Y), (q.X + 4, q.Y), color);
                    Line(canvas, (q.X, q.Y - 4), (q.X, q.Y + 4), color);
                }

                break;
            default:
                for (var i = 0; i + 1 < p.Count / 2; i++)
                {
                    Line(canvas, At(i), At(i + 1), color);
                }

                if (region.Shape == RegionShape.Polygon && p.Count >= 4)
                {
                    Line(canvas, At(p.Count / 2 - 1), At(0), color);
                }

                break;
        }
    }

    private static void Line(RgbCanvas canvas, (float X, float Y) a, (float X, float Y) b, (byte R, byte G, byte B) color)
    {
        var steps = (int)Math.Max(Math.Abs(b.X - a.X), Math.Abs(b.Y - a.Y)) + 1;
        for (var i = 0; i <= steps; i++)
        {
            var t = i / (float)steps;
            canvas.Set((int)(a.X + (b.X - a.X) * t), (int)(a.Y + (b.Y - a.Y) * t), color.R, color.G, color.B);
        }
    }

    private static SourceGeometry Check(IReadOnlyList<DicomDataset> sources, float[] volume, AlgorithmIdentity algorithm)
    {
        ResultModules.CheckSources(sources, nameof(sources));
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(algorithm);
        var geometry = SourceGeometry.Of(sources);
        if (volume.Length != geometry.PixelsPerSlice * sources.Count)
        {
            throw new ArgumentException($"{sources.Count} slices of {geometry.Rows}x{geometry.Columns} need {geometry.PixelsPerSlice * sources.Count} values, not {volume.Length}", nameof(volume));
        }

        return geometry;
    }

    private static string Name(AlgorithmIdentity algorithm) => $"{algorithm.PluginId} {algorithm.Version}".ToUpperInvariant();

    private static int Count(ReadOnlySpan<float> mask)
    {
        var count = 0;
        foreach (var v in mask)
        {
            count += v >= 0.5f ? 1 : 0;
        }

        return count;
    }
}
