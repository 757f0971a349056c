using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
        var date = created.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = created.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture);
        var study = Uid(generatorName, seed, index, "study");
        var series = Uid(generatorName, seed, index, "series");
        var frame = Uid(generatorName, seed, index, "frame");
        var window = Percentile(phantom.Pixels, 0.99);
        var slices = new List<DicomDataset>(grid.Slices);
        for (var s = 0; s < grid.Slices; s++)
        {
            var ds = new DicomDataset();
            ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
            ds.AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "OTHER");
            ds.AddOrUpdate(DicomTag.SOPClassUID, DicomUid.MRImageStorage.Value);
            ds.AddOrUpdate(DicomTag.SOPInstanceUID, Uid(generatorName, seed, index, "slice-" + s.ToString(CultureInfo.InvariantCulture)));
            ds.AddOrUpdate(DicomTag.StudyDate, date);
            ds.AddOrUpdate(DicomTag.SeriesDate, date);
            ds.AddOrUpdate(DicomTag.ContentDate, date);
            ds.AddOrUpdate(DicomTag.StudyTime, time);
            ds.AddOrUpdate(DicomTag.SeriesTime, time);
            ds.AddOrUpdate(DicomTag.ContentTime, time);
            ds.AddOrUpdate(DicomTag.AccessionNumber, string.Empty);
            ds.AddOrUpdate(DicomTag.Modality, "MR");
            ds.AddOrUpdate(DicomTag.Manufacturer, "RadCnn phantom");
            ds.AddOrUpdate(DicomTag.ManufacturerModelName, "RadCnn PelvisMrGenerator");
            ds.AddOrUpdate(DicomTag.ReferringPhysicianName, string.Empty);
            ds.AddOrUpdate(DicomTag.StudyDescription, "Synthetic pelvic MR (not a patient)");
            ds.AddOrUpdate(DicomTag.SeriesDescription, $"T2 {(grid.IsSagittal ? "sagittal" : "axial")} {generatorName} phantom seed {seed}");
            ds.AddOrUpdate(DicomTag.PatientName, $"PHANTOM^PELVIS^{index + 1}");
            ds.AddOrUpdate(DicomTag.PatientID, string.Create(CultureInfo.InvariantCulture, $"PH-{generatorName.ToUpperInvariant()}-S{seed}-P{index + 1}"));
            ds.AddOrUpdate(DicomTag.PatientBirthDate, string.Empty);
            ds.AddOrUpdate(DicomTag.PatientSex, "F");
            ds.AddOrUpdate(DicomTag.BodyPartExamined, "PELVIS");
            ds.AddOrUpdate(DicomTag.ScanningSequence, "SE");
            ds.AddOrUpdate(DicomTag.SequenceVariant, "SK");
            ds.AddOrUpdate(DicomTag.ScanOptions, generatorName.EndsWith("alternate", StringComparison.Ordinal) ? "FS" : string.Empty);
            ds.AddOrUpdate(DicomTag.MRAcquisitionType, "2D");
            ds.AddOrUpdate(DicomTag.SliceThickness, Number(grid.SliceThickness));
            ds.AddOrUpdate(DicomTag.SpacingBetweenSlices, Number(grid.SliceSpacing));
            ds.AddOrUpdate(DicomTag.RepetitionTime, "4000");
            ds.AddOrUpdate(DicomTag.EchoTime, "100");
            ds.AddOrUpdate(DicomTag.EchoTrainLength, "16");
            ds.AddOrUpdate(DicomTag.ImagedNucleus, "1H");
            ds.AddOrUpdate(DicomTag.MagneticFieldStrength, "1.5");
            ds.AddOrUpdate(DicomTag.PatientPosition, "HFS");
            ds.AddOrUpdate(DicomTag.StudyInstanceUID, study);
            ds.AddOrUpdate(DicomTag.SeriesInstanceUID, series);
            ds.AddOrUpdate(DicomTag.StudyID, "1");
            ds.AddOrUpdate(DicomTag.SeriesNumber, "2");
            ds.AddOrUpdate(DicomTag.AcquisitionNumber, "1");
            ds.AddOrUpdate(DicomTag.InstanceNumber, (s + 1).ToString(CultureInfo.InvariantCulture));
            var position = grid.SlicePosition(s);
            ds.AddOrUpdate(DicomTag.ImagePositionPatient, Number(position[0]), Number(position[1]), Number(position[2]));
            ds.AddOrUpdate(DicomTag.ImageOrientationPatient, grid.RowDirection.Concat(grid.ColumnDirection).Select(Number).ToArray());
            ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, frame);
            ds.AddOrUpdate(DicomTag.PositionReferenceIndicator, string.Empty);
            ds.AddOrUpdate(DicomTag.SliceLocation, Number(position.Zip(grid.Normal, (a, b) => a * b).Sum()));
            ds.AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1);
            ds.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
            ds.AddOrUpdate(DicomTag.Rows, (ushort)grid.Rows);
            ds.AddOrUpdate(DicomTag.Columns, (ushort)grid.Columns);
            ds.AddOrUpdate(DicomTag.PixelSpacing, Number(grid.PixelSpacing), Number(grid.PixelSpacing));
            ds.AddOrUpdate(DicomTag.BitsAllocated, (ushort)16);
            ds.AddOrUpdate(DicomTag.BitsStored, (ushort)16);
            ds.AddOrUpdate(DicomTag.HighBit, (ushort)15);
            ds.AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
            ds.AddOrUpdate(DicomTag.WindowCenter, Number(Math.Round(window / 2)));
            ds.AddOrUpdate(DicomTag.WindowWidth, Number(Math.Round(Math.Max(1, window))));
            ds.AddOrUpdate(DicomTag.LossyImageCompression, "00");
            var bytes = new byte[plane * 2];
            for (var i = 0; i < plane; i++)
            {
                var stored = (ushort)Math.Clamp((int)phantom.Pixels[(s * plane) + i], 0, 65535);
                bytes[2 * i] = (byte)(stored & 0xFF);
                bytes[(2 * i) + 1] = (byte)(stored >> 8);
            }

            ds.AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, bytes));
            slices.Add(ds);
        }

        return slices;
    }

    /// <summary>The ground truth as a SEG over <paramref name="slices"/> (the uterus includes its tumour).</summary>
    public static DicomFile GroundTruth(PelvisMrCase phantom, IReadOnlyList<DicomDataset> slices, DateTimeOffset created)
    {
        var algorithm = new AlgorithmIdentity("radcnn.phantom.pelvis-mr", "1.0") { DisplayName = "RadCnn phantom ground truth" };
        var file = new SegmentationBuilder(slices, algorithm, new FixedTime(created))
        {
            SeriesNumber = 3,
            SeriesDescription = "Ground truth: uterus and uterine tumour (synthetic phantom)",
        }
            .AddSegment(UterusSegment, phantom.UterusMask())
            .AddSegment(TumourSegment, phantom.TumourMask())
            .Build();
        file.Dataset.AddOrUpdate(DicomTag.ContentLabel, "GROUND_TRUTH");
        file.Dataset.AddOrUpdate(DicomTag.ContentDescription, "Phantom ground truth by construction");
        return file;
    }

    private static double Percentile(float[] values, double q)
    {
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        return sorted[(int)Math.Clamp(q * (sorted.Length - 1), 0, sorted.Length - 1)];
    }

    private static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    // Deterministic 2.25 UIDs: a UUID (version 8 layout) from SHA-256 of what the UID names.
    private static string Uid(string generatorName, int seed, int index, string role)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"radcnn-phantom/{generatorName}/{seed}/{index}/{role}")));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return DicomUid.FromUuid(new Guid(hash.AsSpan(0, 16), bigEndian: true)).Value;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
