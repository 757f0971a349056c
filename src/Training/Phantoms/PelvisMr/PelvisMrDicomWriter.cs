using System.Globalization;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;

namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>
/// Writes one pelvic phantom as a T2-weighted MR series (MR Image Storage, 16-bit unsigned, one file per
/// slice, sagittal or axial) and its ground truth as a DICOM Segmentation (uterus, uterine tumour) whose
/// frames reference the MR slices. UIDs derive from the generator, seed and index, so writing a phantom
/// twice gives the same files. Names and IDs are synthetic ("PHANTOM^…").
/// </summary>
internal static class PelvisMrDicomWriter
{
    public static SegmentDefinition UterusSegment { get; } = new("Uterus", ResultCodes.AnatomicalStructure, ResultCodes.Uterus) { Color = (230, 140, 160) };

    public static SegmentDefinition TumourSegment { get; } = new("Uterine tumour", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Neoplasm) { Color = (255, 255, 0) };

    public static IReadOnlyList<DicomDataset> Slices(PelvisMrCase phantom, string generatorName, int seed, int index, DateTimeOffset created)
    {
        var grid = phantom.Grid;
        var plane = grid.Columns * grid.Rows;
        string Uid(string role) => PhantomDicom.Uid(FormattableString.Invariant($"{generatorName}/{seed}/{index}/{role}"));
        var study = Uid("study");
        var series = Uid("series");
        var frame = Uid("frame");
        var window = Percentile(phantom.Pixels, 0.99);
        var slices = new List<DicomDataset>(grid.Slices);
        for (var s = 0; s < grid.Slices; s++)
        {
            var position = grid.SlicePosition(s);
            var ds = PhantomDicom.Image(new PhantomImageHeader
            {
                SopClassUid = DicomUid.MRImageStorage.Value,
                ImageType = ["ORIGINAL", "PRIMARY", "OTHER"],
                SopInstanceUid = Uid("slice-" + s.ToString(CultureInfo.InvariantCulture)),
                Created = created,
                Modality = "MR",
                ModelName = "RadCnn PelvisMrGenerator",
                StudyDescription = "Synthetic pelvic MR (not a patient)",
                SeriesDescription = $"T2 {(grid.IsSagittal ? "sagittal" : "axial")} {generatorName} phantom seed {seed}",
                PatientName = $"PHANTOM^PELVIS^{index + 1}",
                PatientId = string.Create(CultureInfo.InvariantCulture, $"PH-{generatorName.ToUpperInvariant()}-S{seed}-P{index + 1}"),
                PatientSex = "F",
                BodyPart = "PELVIS",
                StudyInstanceUid = study,
                SeriesInstanceUid = series,
                SeriesNumber = 2,
                InstanceNumber = s + 1,
                Rows = grid.Rows,
                Columns = grid.Columns,
                BitsStored = 16,
                Placement = new SlicePlacement(
                    position,
                    [.. grid.RowDirection, .. grid.ColumnDirection],
                    frame,
                    position.Zip(grid.Normal, (a, b) => a * b).Sum(),
                    grid.PixelSpacing,
                    "HFS"),
            });
            ds.AddOrUpdate(DicomTag.ScanningSequence, "SE");
            ds.AddOrUpdate(DicomTag.SequenceVariant, "SK");
            ds.AddOrUpdate(DicomTag.ScanOptions, generatorName.EndsWith("alternate", StringComparison.Ordinal) ? "FS" : string.Empty);
            ds.AddOrUpdate(DicomTag.MRAcquisitionType, "2D");
            ds.AddOrUpdate(DicomTag.SliceThickness, PhantomDicom.Number(grid.SliceThickness));
            ds.AddOrUpdate(DicomTag.SpacingBetweenSlices, PhantomDicom.Number(grid.SliceSpacing));
            ds.AddOrUpdate(DicomTag.RepetitionTime, "4000");
            ds.AddOrUpdate(DicomTag.EchoTime, "100");
            ds.AddOrUpdate(DicomTag.EchoTrainLength, "16");
            ds.AddOrUpdate(DicomTag.ImagedNucleus, "1H");
            ds.AddOrUpdate(DicomTag.MagneticFieldStrength, "1.5");
            ds.AddOrUpdate(DicomTag.WindowCenter, PhantomDicom.Number(Math.Round(window / 2)));
            ds.AddOrUpdate(DicomTag.WindowWidth, PhantomDicom.Number(Math.Round(Math.Max(1, window))));
            var offset = s * plane;
            PhantomDicom.AddWords(ds, plane, i => (ushort)Math.Clamp((int)phantom.Pixels[offset + i], 0, 65535));
            slices.Add(ds);
        }

        return slices;
    }

    /// <summary>The ground truth as a SEG over <paramref name="slices"/> (the uterus includes its tumour).</summary>
    public static DicomFile GroundTruth(PelvisMrCase phantom, IReadOnlyList<DicomDataset> slices, DateTimeOffset created) =>
        PhantomDicom.GroundTruth(
            slices,
            "radcnn.phantom.pelvis-mr",
            "Ground truth: uterus and uterine tumour (synthetic phantom)",
            created,
            (UterusSegment, phantom.UterusMask()),
            (TumourSegment, phantom.TumourMask()));

    private static double Percentile(float[] values, double q)
    {
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        return sorted[(int)Math.Clamp(q * (sorted.Length - 1), 0, sorted.Length - 1)];
    }
}
