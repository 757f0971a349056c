using RadCnn.Dicom.Iods;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Iods;

public sealed class HeatmapOverlayBuilderTests
{
    /// <summary>A Gaussian blob of heat centred at (0.5, 0.25) of the image, on a coarser grid than the image, as Grad-CAM gives.</summary>
    internal static float[] Blob(int rows, int columns) =>
        Enumerable.Range(0, rows * columns).Select(i =>
        {
            var (y, x) = (i / columns / (float)rows, i % columns / (float)columns);
            return MathF.Exp(-((x - 0.5f) * (x - 0.5f) + (y - 0.25f) * (y - 0.25f)) / 0.01f);
        }).ToArray();

    [Fact]
    public void Heat_map_over_pydicoms_CT_is_an_RGB_secondary_capture_with_a_burned_in_AI_legend()
    {
        var ct = IodSources.Open("CT_small.dcm");
        var builder = new HeatmapOverlayBuilder(ct, IodSources.ModalityPixels(ct), IodSources.Algorithm) { Caption = "Nodule p=0.87" };
        var file = builder.Build(Blob(16, 16), 16, 16);

        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(file, dir, "heatmap-ct.dcm");
        Dciodvfy.AssertValid(path, DerivedSeriesBuilderTests.AcceptedWarnings);

        var ds = back.Dataset;
        Assert.Equal("YES", ds.GetString(DicomTag.BurnedInAnnotation));
        Assert.Equal(["DERIVED", "SECONDARY"], ds.GetValues<string>(DicomTag.ImageType));
        Assert.Equal(ct.GetString(DicomTag.SOPInstanceUID), ds.GetSequence(DicomTag.SourceImageSequence).Items[0].GetString(DicomTag.ReferencedSOPInstanceUID));
        Assert.Equal(ct.GetString(DicomTag.StudyInstanceUID), ds.GetString(DicomTag.StudyInstanceUID));
        Assert.Equal(384, ds.GetSingleValue<int>(DicomTag.Columns)); // 128 columns scaled by 3 for a readable legend

        // pydicom: the heat is red at its centre (top half, middle), the legend band holds the amber disclaimer.
        var py = Peers.RunPython(
            """
            import sys, pydicom, numpy as np
            ds = pydicom.dcmread(sys.argv[1])
            px = ds.pixel_array
            hot = px[96, 192]
            legend = px[384:]
            amber = int(((legend[..., 0] == 255) & (legend[..., 1] == 210) & (legend[..., 2] == 0)).sum())
            print(px.shape[2], ds.PhotometricInterpretation, int(hot[0]) > int(hot[2]) + 80, amber > 100)
            """,
            path);
        Assert.True(py.ExitCode == 0, py.Combined);
        Assert.Equal("3 RGB True True", py.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("CHEST")]
    [InlineData("ABDOMEN")]
    public void Heat_map_over_a_CT_of_an_unpaired_part_without_laterality_has_no_laterality_and_no_dciodvfy_error(string bodyPart)
    {
        var ct = IodSources.Open("CT_small.dcm");
        ct.AddOrUpdate(DicomTag.BodyPartExamined, bodyPart);
        ct.Remove(DicomTag.Laterality);
        ct.Remove(DicomTag.ImageLaterality);
        var file = new HeatmapOverlayBuilder(ct, IodSources.ModalityPixels(ct), IodSources.Algorithm).Build(Blob(16, 16), 16, 16);

        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(file, dir, "heatmap-unpaired.dcm");

        Dciodvfy.AssertValid(path, DerivedSeriesBuilderTests.AcceptedWarnings);
        Assert.False(back.Dataset.Contains(DicomTag.Laterality), "an empty Laterality on an unpaired body part is a dciodvfy error");
        Assert.Equal(bodyPart, back.Dataset.GetString(DicomTag.BodyPartExamined));
    }

    [Fact]
    public void Heat_map_over_pydicoms_MR_passes_dciodvfy_and_keeps_the_patient()
    {
        var source = DicomFile.Open(Path.Combine(Peers.RequirePydicomTestFiles(), "MR_small.dcm"));
        var mr = source.Dataset;
        var file = new HeatmapOverlayBuilder(source, IodSources.Algorithm).Build(Blob(64, 64), 64, 64);
        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(file, dir, "heatmap-mr.dcm");
        Dciodvfy.AssertValid(path, DerivedSeriesBuilderTests.AcceptedWarnings);
        Assert.Equal(mr.GetString(DicomTag.PatientID), back.Dataset.GetString(DicomTag.PatientID));
        Assert.Equal(["L", "P"], back.Dataset.GetValues<string>(DicomTag.PatientOrientation));
        Assert.NotEqual(mr.GetString(DicomTag.SeriesInstanceUID), back.Dataset.GetString(DicomTag.SeriesInstanceUID));
    }

    [Fact]
    public void Heat_map_over_an_RLE_compressed_source_decodes_it_with_RadCnns_pixel_data_reader()
    {
        var rle = DicomFile.Open(Path.Combine(Peers.RequirePydicomTestFiles(), "MR_small_RLE.dcm"));
        var plain = DicomFile.Open(Path.Combine(Peers.RequirePydicomTestFiles(), "MR_small.dcm"));
        Assert.Equal(SourcePixels.Modality(plain), SourcePixels.Modality(rle));
        var file = new HeatmapOverlayBuilder(rle, IodSources.Algorithm).Build(Blob(8, 8), 8, 8);
        using var dir = new TempDirectory();
        var (path, _) = IodSources.SaveAndReopen(file, dir, "heatmap-rle.dcm");
        Dciodvfy.AssertValid(path, DerivedSeriesBuilderTests.AcceptedWarnings);
    }

    [Fact]
    public void MONOCHROME1_sources_are_shown_with_high_values_dark()
    {
        var mr = IodSources.Open("MR_small.dcm");
        var pixels = IodSources.ModalityPixels(mr);
        var noHeat = new float[4];
        var normal = new HeatmapOverlayBuilder(mr, pixels, IodSources.Algorithm).Render(noHeat, 2, 2);
        var inverted = mr.Clone();
        inverted.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME1");
        var flipped = new HeatmapOverlayBuilder(inverted, pixels, IodSources.Algorithm).Render(noHeat, 2, 2);
        var i = (100 * normal.Width + 100) * 3;
        Assert.Equal(255, normal.Pixels[i] + flipped.Pixels[i]);
    }

    [Fact]
    public void Heat_map_of_the_wrong_size_is_refused()
    {
        var mr = IodSources.Open("MR_small.dcm");
        var builder = new HeatmapOverlayBuilder(mr, IodSources.ModalityPixels(mr), IodSources.Algorithm);
        Assert.Throws<ArgumentException>(() => builder.Build(new float[10], 4, 4));
        Assert.Throws<ArgumentException>(() => new HeatmapOverlayBuilder(mr, new float[5], IodSources.Algorithm));
    }
}
