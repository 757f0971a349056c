using RadCnn.Dicom.Iods;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Iods;

/// <summary>What every result object shares: the source's patient and study as stored, new UIDs, RadCnn's equipment, the injected clock.</summary>
public sealed class ResultIdentificationTests
{
    [Theory]
    [InlineData("chrH31.dcm")] // ISO 2022 IR 87, Japanese person name
    [InlineData("chrX1.dcm")] // UTF-8
    [InlineData("chrRuss.dcm")] // ISO_IR 144, Cyrillic
    public void Patient_names_in_other_character_sets_survive_as_pydicom_reads_them(string name)
    {
        var source = DicomFile.Open(Path.Combine(Peers.PydicomCharsetFiles, name)).Dataset;
        if (!source.Contains(DicomTag.SOPClassUID))
        {
            source.AddOrUpdate(DicomTag.SOPClassUID, DicomUid.SecondaryCaptureImageStorage.Value);
        }

        if (!source.Contains(DicomTag.SOPInstanceUID))
        {
            source.AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate().Value);
        }

        var report = new FindingsReportBuilder([source], IodSources.Algorithm)
            .Add(new ReportFinding(ResultCodes.Nodule, 0.4) { SourceIndices = [0] })
            .Build();
        using var dir = new TempDirectory();
        var (path, _) = IodSources.SaveAndReopen(report, dir, "report.dcm");
        var py = Peers.RunPython(
            "import sys, pydicom; a = pydicom.dcmread(sys.argv[1], force=True); b = pydicom.dcmread(sys.argv[2]); print(str(a.PatientName) == str(b.PatientName), a.StudyInstanceUID == b.StudyInstanceUID)",
            Path.Combine(Peers.PydicomCharsetFiles, name),
            path);
        Assert.True(py.ExitCode == 0, py.Combined);
        Assert.Equal("True True", py.StandardOutput.Trim());
    }

    [Fact]
    public void Content_dates_come_from_the_injected_clock_and_every_build_gets_new_uids()
    {
        var clock = new FixedTime(new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero));
        var mr = IodSources.Open("MR_small.dcm");
        var builder = new FindingsReportBuilder([mr], IodSources.Algorithm, clock).Add(new ReportFinding(ResultCodes.Nodule, 0.5));
        var first = builder.Build().Dataset;
        var second = builder.Build().Dataset;
        Assert.Equal("20310203", first.GetString(DicomTag.ContentDate));
        Assert.StartsWith("040506", first.GetString(DicomTag.ContentTime), StringComparison.Ordinal);
        Assert.NotEqual(first.GetString(DicomTag.SOPInstanceUID), second.GetString(DicomTag.SOPInstanceUID));
        Assert.NotEqual(first.GetString(DicomTag.SeriesInstanceUID), second.GetString(DicomTag.SeriesInstanceUID));
        Assert.NotEqual(mr.GetString(DicomTag.SOPInstanceUID), first.GetString(DicomTag.SOPInstanceUID));
        Assert.True(DicomUid.IsValid(first.GetString(DicomTag.SOPInstanceUID)));
    }

    [Fact]
    public void Segmentation_of_images_without_patient_geometry_stacks_by_position_number()
    {
        // A projection-like source: no Image Position/Orientation and no frame of reference.
        var sources = Enumerable.Range(0, 2).Select(i =>
        {
            var ds = IodSources.Open("MR_small.dcm").Clone();
            ds.Remove(DicomTag.ImagePositionPatient);
            ds.Remove(DicomTag.ImageOrientationPatient);
            ds.Remove(DicomTag.FrameOfReferenceUID);
            ds.Remove(DicomTag.PositionReferenceIndicator);
            ds.AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate().Value);
            return ds;
        }).ToList();
        var mask = Enumerable.Range(0, 2 * 64 * 64).Select(i => i % 7 == 0 ? 1f : 0f).ToArray();
        var file = new SegmentationBuilder(sources, IodSources.Algorithm)
            .AddSegment(new SegmentDefinition("Lesion", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Mass), mask)
            .Build();
        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(file, dir, "seg-no-geometry.dcm");
        Dciodvfy.AssertValid(path, SegmentationBuilderTests.AcceptedWarnings);
        Assert.False(back.Dataset.Contains(DicomTag.FrameOfReferenceUID));
        var frames = back.Dataset.GetSequence(DicomTag.PerFrameFunctionalGroupsSequence).Items;
        Assert.Equal([1u, 2u], frames.Select(f => f.GetSequence(DicomTag.FrameContentSequence).Items[0].GetSingleValue<uint>(DicomTag.InStackPositionNumber)));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
