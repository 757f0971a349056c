using RadCnn.Dicom.Iods;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Iods;

public sealed class SegmentationBuilderTests
{
    // dciodvfy's warnings that follow from the source files or from choices made on purpose.
    internal static readonly string[] AcceptedWarnings =
    [
        "Value is zero for value 1 of attribute <Patient's Weight>", // copied from CT_small as it is
        "Retired Person Name form", // MR_small's names
    ];

    [Fact]
    public void Binary_segmentation_of_a_generated_series_omits_empty_frames_and_passes_dciodvfy()
    {
        var (slices, volume) = IodSources.GeneratedSeries(9);
        var ball = volume.Select(v => v > -500 ? 1f : 0f).ToArray();
        var core = volume.Select(v => v > 100 ? 0.9f : 0f).ToArray();
        var file = new SegmentationBuilder(slices, IodSources.Algorithm)
            .AddSegment(new SegmentDefinition("Liver", ResultCodes.AnatomicalStructure, ResultCodes.Liver), ball)
            .AddSegment(new SegmentDefinition("Liver mass", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Mass), core)
            .Build();

        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(file, dir, "seg.dcm");
        Dciodvfy.AssertValid(path, AcceptedWarnings);

        var ds = back.Dataset;
        var expectedFrames = CountNonEmpty(ball, 9) + CountNonEmpty(core, 9);
        Assert.True(CountNonEmpty(core, 9) < 9, "the phantom's core must leave some slices empty");
        Assert.Equal(expectedFrames, ds.GetSingleValue<int>(DicomTag.NumberOfFrames));
        Assert.Equal("SEG", ds.GetString(DicomTag.Modality));
        Assert.Equal(slices[0].GetString(DicomTag.StudyInstanceUID), ds.GetString(DicomTag.StudyInstanceUID));
        Assert.NotEqual(slices[0].GetString(DicomTag.SeriesInstanceUID), ds.GetString(DicomTag.SeriesInstanceUID));
        Assert.Equal("RadCnn", ds.GetString(DicomTag.Manufacturer));
        Assert.Equal(["radcnn.test-plugin 1.2.3", "RadCnn 0.1.0"], ds.GetValues<string>(DicomTag.SoftwareVersions));
        var segments = ds.GetSequence(DicomTag.SegmentSequence).Items;
        Assert.Equal(["Liver", "Liver mass"], segments.Select(s => s.GetString(DicomTag.SegmentLabel)));
        Assert.Equal("TestNet 1.2.3", segments[0].GetString(DicomTag.SegmentAlgorithmName));
        Assert.Equal("10200004", segments[0].GetSequence(DicomTag.SegmentedPropertyTypeCodeSequence).Items[0].GetString(DicomTag.CodeValue));

        // pydicom: frames decode to the masks, and each frame references the source slice it came from.
        var sources = string.Join(',', slices.Select(s => s.GetString(DicomTag.SOPInstanceUID)));
        var result = Peers.RunPython(
            """
            import sys, pydicom, numpy as np
            ds = pydicom.dcmread(sys.argv[1])
            px = ds.pixel_array.reshape(int(ds.NumberOfFrames), ds.Rows, ds.Columns)
            for i, f in enumerate(ds.PerFrameFunctionalGroupsSequence):
                seg = f.SegmentIdentificationSequence[0].ReferencedSegmentNumber
                src = f.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
                z = float(f.PlanePositionSequence[0].ImagePositionPatient[2])
                print(seg, sys.argv[2].split(',').index(src), int(px[i].sum()), z)
            """,
            path,
            sources);
        Assert.True(result.ExitCode == 0, result.Combined);
        var rows = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        Assert.Equal(expectedFrames, rows.Count);
        foreach (var row in rows)
        {
            var mask = row[0] == "1" ? ball : core;
            var slice = int.Parse(row[1]);
            var sum = mask.AsSpan(slice * 64 * 64, 64 * 64).ToArray().Count(v => v >= 0.5f);
            Assert.Equal(sum, int.Parse(row[2]));
            Assert.Equal(slices[slice].GetValues<double>(DicomTag.ImagePositionPatient)[2], double.Parse(row[3]), 3);
        }
    }

    [Fact]
    public void Fractional_segmentation_of_pydicoms_MR_keeps_probabilities_and_geometry()
    {
        var mr = IodSources.Open("MR_small.dcm");
        var probability = Enumerable.Range(0, 64 * 64).Select(i => (i % 64) / 63f).ToArray();
        var file = new SegmentationBuilder([mr], IodSources.Algorithm) { Kind = SegmentationKind.Fractional }
            .AddSegment(new SegmentDefinition("Uterus", ResultCodes.AnatomicalStructure, ResultCodes.Uterus), probability)
            .Build();

        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(file, dir, "seg-fractional.dcm");
        Dciodvfy.AssertValid(path, AcceptedWarnings);
        var ds = back.Dataset;
        Assert.Equal("FRACTIONAL", ds.GetString(DicomTag.SegmentationType));
        var shared = ds.GetSequence(DicomTag.SharedFunctionalGroupsSequence).Items[0];
        Assert.Equal(mr.GetValues<double>(DicomTag.PixelSpacing), shared.GetSequence(DicomTag.PixelMeasuresSequence).Items[0].GetValues<double>(DicomTag.PixelSpacing));
        Assert.Equal(mr.GetString(DicomTag.FrameOfReferenceUID), ds.GetString(DicomTag.FrameOfReferenceUID));
        Assert.Equal(mr.GetString(DicomTag.PatientID), ds.GetString(DicomTag.PatientID));

        var result = Peers.RunPython(
            "import sys, pydicom; ds = pydicom.dcmread(sys.argv[1]); px = ds.pixel_array; print(px.shape, int(px[5, 0]), int(px[5, 63]), ds.MaximumFractionalValue)",
            path);
        Assert.True(result.ExitCode == 0, result.Combined);
        Assert.Equal("(64, 64) 0 255 255", result.StandardOutput.Trim());
    }

    [Fact]
    public void Binary_segmentation_of_pydicoms_CT_passes_dciodvfy()
    {
        var ct = IodSources.Open("CT_small.dcm");
        var pixels = IodSources.ModalityPixels(ct);
        var mask = pixels.Select(v => v > 100 ? 1f : 0f).ToArray();
        var file = new SegmentationBuilder([ct], IodSources.Algorithm)
            .AddSegment(new SegmentDefinition("Nodule", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Nodule), mask)
            .Build();
        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(file, dir, "seg-ct.dcm");
        Dciodvfy.AssertValid(path, AcceptedWarnings);
        Assert.Equal(1, back.Dataset.GetSingleValue<int>(DicomTag.NumberOfFrames));
    }

    [Theory]
    [InlineData(SegmentationKind.Binary)]
    [InlineData(SegmentationKind.Fractional)]
    public void Decided_masks_give_the_same_frames_and_pixels_as_the_same_masks_in_values(SegmentationKind kind)
    {
        var (slices, volume) = IodSources.GeneratedSeries(9);
        var ball = volume.Select(v => v > -500).ToArray();
        var core = volume.Select(v => v > 100).ToArray();
        Assert.Contains(false, core);
        var liver = new SegmentDefinition("Liver", ResultCodes.AnatomicalStructure, ResultCodes.Liver);
        var mass = new SegmentDefinition("Liver mass", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Mass);
        DicomFile Build(Func<SegmentationBuilder, SegmentationBuilder> add) => add(new SegmentationBuilder(slices, IodSources.Algorithm) { Kind = kind }).Build();
        var fromValues = Build(b => b.AddSegment(liver, Array.ConvertAll(ball, m => m ? 1f : 0f)).AddSegment(mass, Array.ConvertAll(core, m => m ? 1f : 0f)));
        var fromMembers = Build(b => b.AddSegment(liver, ball).AddSegment(mass, core));

        Assert.Equal(fromValues.Dataset.GetSingleValue<int>(DicomTag.NumberOfFrames), fromMembers.Dataset.GetSingleValue<int>(DicomTag.NumberOfFrames));
        Assert.Equal(PixelBytes(fromValues), PixelBytes(fromMembers));
        Assert.Contains(PixelBytes(fromMembers), b => b != 0);
        using var dir = new TempDirectory();
        var (path, _) = IodSources.SaveAndReopen(fromMembers, dir, "seg-members.dcm");
        Dciodvfy.AssertValid(path, AcceptedWarnings);
    }

    [Fact]
    public void Masks_of_the_wrong_size_are_refused()
    {
        var mr = IodSources.Open("MR_small.dcm");
        var builder = new SegmentationBuilder([mr], IodSources.Algorithm);
        Assert.Throws<ArgumentException>(() => builder.AddSegment(new SegmentDefinition("x", ResultCodes.Tissue, ResultCodes.Liver), new float[10]));
        Assert.Throws<ArgumentException>(() => builder.AddSegment(new SegmentDefinition("x", ResultCodes.Tissue, ResultCodes.Liver), new bool[10]));
    }

    private static byte[] PixelBytes(DicomFile file) => Assert.IsType<DicomElement>(file.Dataset.GetItem(DicomTag.PixelData)).GetBytes().ToArray();

    private static int CountNonEmpty(float[] mask, int slices)
    {
        var n = mask.Length / slices;
        return Enumerable.Range(0, slices).Count(s => mask.AsSpan(s * n, n).ToArray().Any(v => v >= 0.5f));
    }
}
