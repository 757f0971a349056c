using RadCnn.Dicom.Iods;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Iods;

public sealed class FindingsReportBuilderTests
{
    // The robustness concepts use RadCnn's private scheme, which dciodvfy does not know (declared in
    // the Coding Scheme Identification Sequence, as PS3.3 asks).
    internal static readonly string[] AcceptedWarnings =
        [.. SegmentationBuilderTests.AcceptedWarnings, "Unrecognized defined term <99RADCNN> for value 1 of attribute <Coding Scheme Designator>"];

    internal static DicomFile BuildReport(IReadOnlyList<DicomDataset> sources) =>
        new FindingsReportBuilder(sources, IodSources.Algorithm)
            .Add(new ReportFinding(ResultCodes.Nodule, 0.87)
            {
                Label = "Nodule 1",
                Site = ResultCodes.Lung,
                Fragile = true,
                FlippingEpsilon = 0.004,
                Measurements = [new ReportMeasurement(ResultCodes.Volume, 1.25, ResultCodes.Milliliter), new ReportMeasurement(ResultCodes.Diameter, 13.4, ResultCodes.Millimeter)],
                SourceIndices = [0, 1],
                Region = new FindingRegion(1, RegionShape.Polygon, [10f, 10f, 30f, 10f, 30f, 30f, 10f, 30f]),
            })
            .Add(new ReportFinding(ResultCodes.Mass, 0.12) { Fragile = false, FlippingEpsilon = 0.05, SourceIndices = [2] })
            .Add(new ReportFinding(ResultCodes.Tuberculosis, 0.5) { Region = new FindingRegion(0, RegionShape.Circle, [32f, 32f, 40f, 32f]) })
            .Build();

    [Fact]
    public void Findings_report_of_a_generated_series_passes_dciodvfy_and_dsrdump_renders_it()
    {
        var (slices, _) = IodSources.GeneratedSeries(3);
        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(BuildReport(slices), dir, "findings.dcm");
        Dciodvfy.AssertValid(path, AcceptedWarnings);

        var dump = Peers.Run(Peers.Require("dsrdump", "dcmtk"), ["-Ph", "+Pl", path]);
        Assert.True(dump.ExitCode == 0, dump.Combined);
        var text = dump.StandardOutput;
        Assert.Contains("Imaging Measurement Report", text);
        Assert.Contains("Nodule 1", text);
        Assert.Contains("(27925004,SCT,\"Nodule\")", text);
        Assert.Contains("\"0.87\" (1,UCUM,\"no units\")", text);
        Assert.Contains("\"1.25\" (ml,UCUM,\"milliliter\")", text);
        Assert.Contains("FRAGILE: the decision flips under an FGSM perturbation of epsilon 0.004", text);
        Assert.Contains("POLYLINE", text);
        Assert.Contains("TestNet", text);
        Assert.DoesNotContain("Error", dump.StandardError);

        var ds = back.Dataset;
        Assert.Equal("SR", ds.GetString(DicomTag.Modality));
        Assert.Equal("CONTAINER", ds.GetString(DicomTag.ValueType));
        Assert.Equal(slices[0].GetString(DicomTag.StudyInstanceUID), ds.GetString(DicomTag.StudyInstanceUID));
        var evidence = ds.GetSequence(DicomTag.CurrentRequestedProcedureEvidenceSequence).Items[0];
        var referenced = evidence.GetSequence(DicomTag.ReferencedSeriesSequence).Items[0].GetSequence(DicomTag.ReferencedSOPSequence).Items;
        Assert.Equal(slices.Select(s => s.GetString(DicomTag.SOPInstanceUID)), referenced.Select(r => r.GetString(DicomTag.ReferencedSOPInstanceUID)));

        var py = Peers.RunPython(
            """
            import sys, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            groups = [c for c in ds.ContentSequence if c.ValueType == 'CONTAINER' and c.ConceptNameCodeSequence[0].CodeValue == '126010'][0].ContentSequence
            for g in groups:
                finding = [c for c in g.ContentSequence if c.ConceptNameCodeSequence[0].CodeValue == '121071'][0].ConceptCodeSequence[0].CodeMeaning
                p = [c for c in g.ContentSequence if c.ConceptNameCodeSequence[0].CodeValue == '122157'][0].MeasuredValueSequence[0].NumericValue
                print(finding, p)
            """,
            path);
        Assert.True(py.ExitCode == 0, py.Combined);
        Assert.Equal(["Nodule 0.87", "Mass 0.12", "Tuberculosis 0.5"], py.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Findings_report_on_pydicoms_MR_without_image_references_passes_dciodvfy()
    {
        var mr = IodSources.Open("MR_small.dcm");
        var file = new FindingsReportBuilder([mr], IodSources.Algorithm)
            .Add(new ReportFinding(ResultCodes.Leiomyoma, 0.3) { Measurements = [new ReportMeasurement(ResultCodes.Volume, 3.5, ResultCodes.Milliliter)] })
            .Build();
        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(file, dir, "findings-mr.dcm");
        Dciodvfy.AssertValid(path, AcceptedWarnings);
        Assert.False(back.Dataset.Contains(DicomTag.CurrentRequestedProcedureEvidenceSequence));
        Assert.Equal(mr.GetString(DicomTag.PatientName), back.Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void A_location_in_patient_coordinates_becomes_a_point_on_the_nearest_slice()
    {
        // Generated slices: 64x64, 1 mm pixels, origin (-32, -32), z = 5.0, 2.5, 0.0 in that order.
        var (slices, _) = IodSources.GeneratedSeries(3);
        var region = FindingRegion.AtPatientPoint(slices, -22.0, 8.0, 2.2);
        Assert.Equal(1, region.SourceIndex);
        Assert.Equal(RegionShape.Point, region.Shape);
        Assert.Equal(10.5f, region.Points[0], 3);
        Assert.Equal(40.5f, region.Points[1], 3);
        Assert.Equal(ResultCodes.Milliliter, ResultCodes.Ucum("mL"));
        Assert.Equal(new CodedConcept("cm3", "UCUM", "cubic centimeter"), ResultCodes.Ucum("cm3"));
    }

    [Fact]
    public void A_centre_in_patient_coordinates_makes_a_comprehensive_3d_sr_with_a_scoord3d_point_in_the_sources_frame()
    {
        var (slices, _) = IodSources.GeneratedSeries(3);
        var file = new FindingsReportBuilder(slices, IodSources.Algorithm)
            .Add(new ReportFinding(ResultCodes.Nodule, 0.7)
            {
                Label = "Nodule 1",
                SourceIndices = [1],
                Region = FindingRegion.AtPatientPoint(slices, -22.0, 8.0, 2.2),
                Centre = new PatientPoint(-22.0, 8.0, 2.2),
            })
            .Build();
        using var dir = new TempDirectory();
        var (path, back) = IodSources.SaveAndReopen(file, dir, "findings-3d.dcm");
        Dciodvfy.AssertValid(path, AcceptedWarnings);
        Assert.Equal(DicomUid.Comprehensive3DSRStorage.Value, back.Dataset.GetString(DicomTag.SOPClassUID));

        var dump = Peers.Run(Peers.Require("dsrdump", "dcmtk"), ["-Ph", path]);
        Assert.True(dump.ExitCode == 0, dump.Combined);
        Assert.Contains("SCOORD3D", dump.StandardOutput);
        Assert.DoesNotContain("Error", dump.StandardError);

        var py = Peers.RunPython(
            """
            import sys, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            groups = [c for c in ds.ContentSequence if c.ValueType == 'CONTAINER' and c.ConceptNameCodeSequence[0].CodeValue == '126010'][0].ContentSequence
            point = [c for c in groups[0].ContentSequence if c.ValueType == 'SCOORD3D'][0]
            print(point.GraphicType, ' '.join('%.1f' % v for v in point.GraphicData), point.ReferencedFrameOfReferenceUID)
            """,
            path);
        Assert.True(py.ExitCode == 0, py.Combined);
        Assert.Equal($"POINT -22.0 8.0 2.2 {slices[0].GetString(DicomTag.FrameOfReferenceUID)}", py.StandardOutput.Trim());
    }

    [Fact]
    public void A_report_without_centres_stays_a_comprehensive_sr_and_a_centre_needs_a_frame_of_reference()
    {
        var (slices, _) = IodSources.GeneratedSeries(2);
        Assert.Equal(DicomUid.ComprehensiveSRStorage.Value, BuildReport(IodSources.GeneratedSeries(3).Slices).Dataset.GetString(DicomTag.SOPClassUID));
        var noFrame = slices.Select(s =>
        {
            var copy = s.Clone();
            copy.Remove(DicomTag.FrameOfReferenceUID);
            return copy;
        }).ToList();
        var builder = new FindingsReportBuilder(noFrame, IodSources.Algorithm);
        Assert.Throws<ArgumentException>(() => builder.Add(new ReportFinding(ResultCodes.Nodule, 0.5) { Centre = new PatientPoint(0, 0, 0) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FindingsReportBuilder(slices, IodSources.Algorithm).Add(new ReportFinding(ResultCodes.Nodule, 0.5) { Centre = new PatientPoint(double.NaN, 0, 0) }));
    }

    [Fact]
    public void Out_of_range_probability_or_source_index_is_refused()
    {
        var mr = IodSources.Open("MR_small.dcm");
        var builder = new FindingsReportBuilder([mr], IodSources.Algorithm);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(new ReportFinding(ResultCodes.Nodule, 1.5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(new ReportFinding(ResultCodes.Nodule, 0.5) { SourceIndices = [1] }));
    }
}
