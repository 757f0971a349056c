using RadCnn.Dicom.Iods;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Iods;

public sealed class DerivedSeriesBuilderTests
{
    // The sources' laterality is unknown (CT_small and MR_small have it empty): it stays empty, which
    // dciodvfy flags as allowed only when actually unknown, which it is.
    internal static readonly string[] AcceptedWarnings =
        [.. SegmentationBuilderTests.AcceptedWarnings, "attribute <Laterality>"];

    [Fact]
    public void Denoised_series_keeps_geometry_and_modality_attributes_in_a_new_series()
    {
        var (slices, volume) = IodSources.GeneratedSeries(4);
        var smoothed = volume.Select(v => v * 0.5f + 3f).ToArray();
        var files = new DerivedSeriesBuilder(slices, IodSources.Algorithm).Build(smoothed);
        Assert.Equal(4, files.Count);

        using var dir = new TempDirectory();
        var series = new HashSet<string>();
        for (var i = 0; i < files.Count; i++)
        {
            var (path, back) = IodSources.SaveAndReopen(files[i], dir, $"derived-{i}.dcm");
            Dciodvfy.AssertValid(path, AcceptedWarnings);
            var ds = back.Dataset;
            var source = slices[i];
            series.Add(ds.GetString(DicomTag.SeriesInstanceUID));
            Assert.Equal(source.GetString(DicomTag.SOPClassUID), ds.GetString(DicomTag.SOPClassUID));
            Assert.NotEqual(source.GetString(DicomTag.SOPInstanceUID), ds.GetString(DicomTag.SOPInstanceUID));
            Assert.Equal(source.GetString(DicomTag.StudyInstanceUID), ds.GetString(DicomTag.StudyInstanceUID));
            Assert.Equal(source.GetString(DicomTag.FrameOfReferenceUID), ds.GetString(DicomTag.FrameOfReferenceUID));
            Assert.Equal(source.GetValues<double>(DicomTag.ImagePositionPatient), ds.GetValues<double>(DicomTag.ImagePositionPatient));
            Assert.Equal(source.GetValues<double>(DicomTag.PixelSpacing), ds.GetValues<double>(DicomTag.PixelSpacing));
            Assert.Equal("CT", ds.GetString(DicomTag.Modality));
            Assert.Equal(["DERIVED", "SECONDARY", "AXIAL"], ds.GetValues<string>(DicomTag.ImageType));
            Assert.Equal("113087", ds.GetSequence(DicomTag.DerivationCodeSequence).Items[0].GetString(DicomTag.CodeValue));
            Assert.Equal(source.GetString(DicomTag.SOPInstanceUID), ds.GetSequence(DicomTag.SourceImageSequence).Items[0].GetString(DicomTag.ReferencedSOPInstanceUID));
            Assert.Equal("RadCnn", ds.GetString(DicomTag.Manufacturer));
            Assert.Equal(smoothed.AsSpan(i * 64 * 64, 64 * 64).ToArray(), IodSources.ModalityPixels(ds));
            Assert.DoesNotContain(ds, item => item.Tag.IsPrivate);

            if (i == 0)
            {
                var py = Peers.RunPython(
                    "import sys, pydicom; ds = pydicom.dcmread(sys.argv[1]); hu = ds.pixel_array * float(ds.RescaleSlope) + float(ds.RescaleIntercept); print(float(hu.min()), float(hu.max()), ds.DerivationDescription.startswith('CNN denoising'))",
                    path);
                Assert.True(py.ExitCode == 0, py.Combined);
                Assert.Equal($"{smoothed.AsSpan(0, 4096).ToArray().Min():0.0} {smoothed.AsSpan(0, 4096).ToArray().Max():0.0} True", py.StandardOutput.Trim());
            }
        }

        Assert.Single(series);
        Assert.DoesNotContain(slices[0].GetString(DicomTag.SeriesInstanceUID), series);
    }

    [Fact]
    public void Slices_built_one_at_a_time_in_any_order_form_one_series_with_the_whole_volumes_pixels()
    {
        var (slices, volume) = IodSources.GeneratedSeries(4);
        var builder = new DerivedSeriesBuilder(slices, IodSources.Algorithm);
        var n = 64 * 64;
        var files = new[] { 2, 0, 3, 1 }.Select(i => (Index: i, File: builder.BuildSlice(i, volume.AsSpan(i * n, n)))).OrderBy(f => f.Index).ToList();

        Assert.Single(files.Select(f => f.File.Dataset.GetString(DicomTag.SeriesInstanceUID)).Distinct());
        Assert.Equal(4, files.Select(f => f.File.Dataset.GetString(DicomTag.SOPInstanceUID)).Distinct().Count());
        foreach (var (index, file) in files)
        {
            Assert.Equal(slices[index].GetString(DicomTag.SOPInstanceUID), file.Dataset.GetSequence(DicomTag.SourceImageSequence).Items[0].GetString(DicomTag.ReferencedSOPInstanceUID));
            Assert.Equal(volume.AsSpan(index * n, n).ToArray(), IodSources.ModalityPixels(file.Dataset));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.BuildSlice(4, volume.AsSpan(0, n)));
        Assert.Throws<ArgumentException>(() => builder.BuildSlice(0, volume.AsSpan(0, n - 1)));
    }

    [Fact]
    public void Derived_image_of_pydicoms_MR_passes_dciodvfy_and_clamps_to_the_stored_range()
    {
        var mr = IodSources.Open("MR_small.dcm");
        var pixels = IodSources.ModalityPixels(mr);
        pixels[0] = 1e9f;
        pixels[1] = float.NaN;
        var files = new DerivedSeriesBuilder([mr], IodSources.Algorithm) { DerivationDescription = "CNN denoising of low-dose MR" }.Build(pixels);
        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(files[0], dir, "derived-mr.dcm");
        Dciodvfy.AssertValid(path, AcceptedWarnings);
        var stored = IodSources.ModalityPixels(back.Dataset);
        Assert.Equal(short.MaxValue, stored[0]);
        Assert.Equal(pixels[2], stored[2]);
    }
}
