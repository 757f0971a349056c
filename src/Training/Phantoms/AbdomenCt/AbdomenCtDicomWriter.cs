using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;

namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>
/// Writes one abdominal phantom as an axial CT series (CT Image Storage, 16-bit words, 12 stored bits,
/// HU = stored − 1024, one file per slice) and its ground truth as a DICOM Segmentation (liver, liver
/// mass) whose frames reference the CT slices. CT UIDs derive from the generator, seed and index, so
/// writing a phantom twice gives the same CT files. Names and IDs are synthetic ("PHANTOM^…").
/// </summary>
internal static class AbdomenCtDicomWriter
{
    public static SegmentDefinition LiverSegment { get; } = new("Liver", ResultCodes.AnatomicalStructure, ResultCodes.Liver) { Color = (221, 130, 101) };

    public static SegmentDefinition MassSegment { get; } = new("Liver mass", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Mass) { Color = (255, 255, 0) };

    public static IReadOnlyList<DicomDataset> Slices(AbdomenCtCase phantom, string generatorName, int seed, int index, DateTimeOffset created)
    {
        var grid = phantom.Grid;
        var plane = grid.Columns * grid.Rows;
        var date = created.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = created.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture);
        var study = Uid(generatorName, seed, index, "study");
        var series = Uid(generatorName, seed, index, "series");
        var frame = Uid(generatorName, seed, index, "frame");
        var slices = new List<DicomDataset>(grid.Slices);
        for (var s = 0; s < grid.Slices; s++)
        {
            var ds = new DicomDataset();
            ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
            ds.AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
            ds.AddOrUpdate(DicomTag.SOPClassUID, DicomUid.CTImageStorage.Value);
            ds.AddOrUpdate(DicomTag.SOPInstanceUID, Uid(generatorName, seed, index, "slice-" + s.ToString(CultureInfo.InvariantCulture)));
            ds.AddOrUpdate(DicomTag.StudyDate, date);
            ds.AddOrUpdate(DicomTag.SeriesDate, date);
            ds.AddOrUpdate(DicomTag.ContentDate, date);
            ds.AddOrUpdate(DicomTag.StudyTime, time);
            ds.AddOrUpdate(DicomTag.SeriesTime, time);
            ds.AddOrUpdate(DicomTag.ContentTime, time);
            ds.AddOrUpdate(DicomTag.AccessionNumber, string.Empty);
            ds.AddOrUpdate(DicomTag.Modality, "CT");
            ds.AddOrUpdate(DicomTag.Manufacturer, "RadCnn phantom");
            ds.AddOrUpdate(DicomTag.ManufacturerModelName, "RadCnn AbdomenCtGenerator");
            ds.AddOrUpdate(DicomTag.ReferringPhysicianName, string.Empty);
            ds.AddOrUpdate(DicomTag.StudyDescription, "Synthetic abdominal CT (not a patient)");
            ds.AddOrUpdate(DicomTag.SeriesDescription, $"{generatorName} phantom seed {seed}");
            ds.AddOrUpdate(DicomTag.PatientName, $"PHANTOM^ABDOMEN^{index + 1}");
            ds.AddOrUpdate(DicomTag.PatientID, string.Create(CultureInfo.InvariantCulture, $"PH-{generatorName.ToUpperInvariant()}-S{seed}-P{index + 1}"));
            ds.AddOrUpdate(DicomTag.PatientBirthDate, string.Empty);
            ds.AddOrUpdate(DicomTag.PatientSex, "O");
            ds.AddOrUpdate(DicomTag.BodyPartExamined, "ABDOMEN");
            ds.AddOrUpdate(DicomTag.KVP, "120");
            ds.AddOrUpdate(DicomTag.SliceThickness, Number(grid.SliceThickness));
            ds.AddOrUpdate(DicomTag.PatientPosition, "FFS");
            ds.AddOrUpdate(DicomTag.StudyInstanceUID, study);
            ds.AddOrUpdate(DicomTag.SeriesInstanceUID, series);
            ds.AddOrUpdate(DicomTag.StudyID, "1");
            ds.AddOrUpdate(DicomTag.SeriesNumber, "2");
            ds.AddOrUpdate(DicomTag.AcquisitionNumber, "1");
            ds.AddOrUpdate(DicomTag.InstanceNumber, (s + 1).ToString(CultureInfo.InvariantCulture));
            var z = grid.Origin[2] + (s * grid.SliceSpacing);
            ds.AddOrUpdate(DicomTag.ImagePositionPatient, Number(grid.Origin[0]), Number(grid.Origin[1]), Number(z));
            ds.AddOrUpdate(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
            ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, frame);
            ds.AddOrUpdate(DicomTag.PositionReferenceIndicator, string.Empty);
            ds.AddOrUpdate(DicomTag.SliceLocation, Number(z));
            ds.AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1);
            ds.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
            ds.AddOrUpdate(DicomTag.Rows, (ushort)grid.Rows);
            ds.AddOrUpdate(DicomTag.Columns, (ushort)grid.Columns);
            ds.AddOrUpdate(DicomTag.PixelSpacing, Number(grid.PixelSpacing), Number(grid.PixelSpacing));
            ds.AddOrUpdate(DicomTag.BitsAllocated, (ushort)16);
            ds.AddOrUpdate(DicomTag.BitsStored, (ushort)12);
            ds.AddOrUpdate(DicomTag.HighBit, (ushort)11);
            ds.AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
            ds.AddOrUpdate(DicomTag.WindowCenter, "50");
            ds.AddOrUpdate(DicomTag.WindowWidth, "400");
            ds.AddOrUpdate(DicomTag.RescaleIntercept, "-1024");
            ds.AddOrUpdate(DicomTag.RescaleSlope, "1");
            ds.AddOrUpdate(DicomTag.RescaleType, "HU");
            ds.AddOrUpdate(DicomTag.LossyImageCompression, "00");
            var bytes = new byte[plane * 2];
            for (var i = 0; i < plane; i++)
            {
                var stored = (ushort)Math.Clamp((int)phantom.Hu[(s * plane) + i] + 1024, 0, 4095);
                bytes[2 * i] = (byte)(stored & 0xFF);
                bytes[(2 * i) + 1] = (byte)(stored >> 8);
            }

            ds.AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, bytes));
            slices.Add(ds);
        }

        return slices;
    }

    /// <summary>The ground truth as a SEG over <paramref name="slices"/> (liver includes its masses, as in LiTS).</summary>
    public static DicomFile GroundTruth(AbdomenCtCase phantom, IReadOnlyList<DicomDataset> slices, DateTimeOffset created)
    {
        var algorithm = new AlgorithmIdentity("radcnn.phantom.abdomen-ct", "1.0") { DisplayName = "RadCnn phantom ground truth" };
        var file = new SegmentationBuilder(slices, algorithm, new FixedTime(created))
        {
            SeriesNumber = 3,
            SeriesDescription = "Ground truth: liver and liver masses (synthetic phantom)",
        }
            .AddSegment(LiverSegment, phantom.LiverMask())
            .AddSegment(MassSegment, phantom.MassMask())
            .Build();
        file.Dataset.AddOrUpdate(DicomTag.ContentLabel, "GROUND_TRUTH");
        file.Dataset.AddOrUpdate(DicomTag.ContentDescription, "Phantom ground truth by construction");
        return file;
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
