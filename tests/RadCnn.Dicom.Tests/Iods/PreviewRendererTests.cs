using RadCnn.Dicom.Iods;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Iods;

public sealed class PreviewRendererTests
{
    /// <summary>Checks a PNG independently (CRCs, zlib, scanlines) with Python's standard library; prints width, height, amber and red pixel counts.</summary>
    private const string PngCheck =
        """
        import sys, struct, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n'
        pos, idat, ihdr = 8, b'', None
        while pos < len(data):
            n, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + n]
            assert struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])[0] == zlib.crc32(kind + body), kind
            if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
            if kind == b'IDAT': idat += body
            pos += 12 + n
        w, h, depth, colour = ihdr[:4]
        assert (depth, colour) == (8, 2)
        raw = zlib.decompress(idat)
        assert len(raw) == h * (1 + 3 * w)
        amber = red = 0
        for y in range(h):
            row = raw[y * (1 + 3 * w) + 1:(y + 1) * (1 + 3 * w)]
            for x in range(w):
                r, g, b = row[3 * x:3 * x + 3]
                amber += (r, g, b) == (255, 210, 0)
                red += r > g + 60 and r > b + 60
        print(w, h, amber > 50, red > 20)
        """;

    [Fact]
    public void Segmentation_preview_is_a_valid_png_with_masks_and_the_AI_legend()
    {
        var (slices, volume) = IodSources.GeneratedSeries(9);
        var liver = volume.Select(v => v > -500 ? 1f : 0f).ToArray();
        var png = PreviewRenderer.Segmentation(slices, volume, [new SegmentDefinition("Liver", ResultCodes.AnatomicalStructure, ResultCodes.Liver)], [liver], IodSources.Algorithm);
        var (w, h, amber, red) = Check(png, "seg.png");
        Assert.Equal(192 * 3, w); // 64-pixel slices scaled by 3, three to a row
        Assert.True(h > 2 * 192);
        Assert.True(amber);
        Assert.True(red);
    }

    [Fact]
    public void Decided_masks_draw_the_same_preview_as_the_same_masks_in_values()
    {
        var (slices, volume) = IodSources.GeneratedSeries(9);
        var liver = volume.Select(v => v > -500).ToArray();
        var core = volume.Select(v => v > 100).ToArray();
        SegmentDefinition[] segments = [new("Liver", ResultCodes.AnatomicalStructure, ResultCodes.Liver), new("Liver mass", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Mass)];
        var fromValues = PreviewRenderer.Segmentation(slices, volume, segments, [Array.ConvertAll(liver, m => m ? 1f : 0f), Array.ConvertAll(core, m => m ? 1f : 0f)], IodSources.Algorithm);
        var fromMembers = PreviewRenderer.Segmentation(slices, volume, segments, [liver, core], IodSources.Algorithm);
        Assert.Equal(fromValues, fromMembers);
        Assert.Throws<ArgumentException>(() => PreviewRenderer.Segmentation(slices, volume, segments, [liver], IodSources.Algorithm));
    }

    [Fact]
    public void Findings_and_derived_and_heat_map_previews_are_valid_pngs()
    {
        var (slices, volume) = IodSources.GeneratedSeries(3);
        var findings = new[]
        {
            new ReportFinding(ResultCodes.Nodule, 0.87) { Fragile = true, Region = new FindingRegion(1, RegionShape.Polygon, [10f, 10f, 50f, 10f, 50f, 50f]) },
        };
        var (_, _, amber, red) = Check(PreviewRenderer.Findings(slices, volume, findings, IodSources.Algorithm), "findings.png");
        Assert.True(amber && red);

        var derived = PreviewRenderer.Derived(slices, volume, volume.Select(v => v / 2).ToArray(), IodSources.Algorithm);
        var (w, _, amberDerived, _) = Check(derived, "derived.png");
        Assert.Equal(2 * 192, w);
        Assert.True(amberDerived);

        var mr = IodSources.Open("MR_small.dcm");
        var heat = new HeatmapOverlayBuilder(mr, IodSources.ModalityPixels(mr), IodSources.Algorithm).RenderPng(HeatmapOverlayBuilderTests.Blob(8, 8), 8, 8);
        var (hw, _, amberHeat, redHeat) = Check(heat, "heatmap.png");
        Assert.Equal(384, hw);
        Assert.True(amberHeat && redHeat);
    }

    private static (int Width, int Height, bool Amber, bool Red) Check(byte[] png, string name)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(name);
        File.WriteAllBytes(path, png);
        if (Environment.GetEnvironmentVariable("RADCNN_KEEP_RESULTS") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(path, Path.Combine(keep, name), overwrite: true);
        }

        var result = Peers.RunPython(PngCheck, path);
        Assert.True(result.ExitCode == 0, result.Combined);
        var f = result.StandardOutput.Trim().Split(' ');
        return (int.Parse(f[0]), int.Parse(f[1]), f[2] == "True", f[3] == "True");
    }
}
