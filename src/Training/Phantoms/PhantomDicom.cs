using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;

namespace RadCnn.Training.Phantoms;

/// <summary>
/// The DICOM every phantom writer shares: deterministic UIDs (so writing a phantom twice gives the same
/// files), the header of a synthetic image, Hounsfield rescale, 16-bit pixel data, ground-truth SEGs
/// and series saved one file per slice. Names and IDs are synthetic ("PHANTOM^…").
/// </summary>
internal static class PhantomDicom
{
    /// <summary>A 2.25 UID: a UUID (version 8 layout) from SHA-256 of what the UID names.</summary>
    public static string Uid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("radcnn-phantom/" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return DicomUid.FromUuid(new Guid(hash.AsSpan(0, 16), bigEndian: true)).Value;
    }

    /// <summary>A decimal string value with at most four decimals.</summary>
    public static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    public static DicomDataset Image(PhantomImageHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var date = header.Created.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = header.Created.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture);
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        ds.AddOrUpdate(DicomTag.ImageType, header.ImageType);
        ds.AddOrUpdate(DicomTag.SOPClassUID, header.SopClassUid);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, header.SopInstanceUid);
        ds.AddOrUpdate(DicomTag.StudyDate, date);
        ds.AddOrUpdate(DicomTag.ContentDate, date);
        ds.AddOrUpdate(DicomTag.StudyTime, time);
        ds.AddOrUpdate(DicomTag.ContentTime, time);
        ds.AddOrUpdate(DicomTag.AccessionNumber, string.Empty);
        ds.AddOrUpdate(DicomTag.Modality, header.Modality);
        ds.AddOrUpdate(DicomTag.Manufacturer, "RadCnn phantom");
        ds.AddOrUpdate(DicomTag.ManufacturerModelName, header.ModelName);
        ds.AddOrUpdate(DicomTag.ReferringPhysicianName, string.Empty);
        ds.AddOrUpdate(DicomTag.StudyDescription, header.StudyDescription);
        ds.AddOrUpdate(DicomTag.SeriesDescription, header.SeriesDescription);
        ds.AddOrUpdate(DicomTag.PatientName, header.PatientName);
        ds.AddOrUpdate(DicomTag.PatientID, header.PatientId);
        ds.AddOrUpdate(DicomTag.PatientBirthDate, string.Empty);
        ds.AddOrUpdate(DicomTag.PatientSex, header.PatientSex);
        ds.AddOrUpdate(DicomTag.BodyPartExamined, header.BodyPart);
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, header.StudyInstanceUid);
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, header.SeriesInstanceUid);
        ds.AddOrUpdate(DicomTag.StudyID, "1");
        ds.AddOrUpdate(DicomTag.SeriesNumber, header.SeriesNumber.ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.InstanceNumber, header.InstanceNumber.ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        ds.AddOrUpdate(DicomTag.Rows, (ushort)header.Rows);
        ds.AddOrUpdate(DicomTag.Columns, (ushort)header.Columns);
        ds.AddOrUpdate(DicomTag.BitsAllocated, (ushort)16);
        ds.AddOrUpdate(DicomTag.BitsStored, (ushort)header.BitsStored);
        ds.AddOrUpdate(DicomTag.HighBit, (ushort)(header.BitsStored - 1));
        ds.AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
        ds.AddOrUpdate(DicomTag.LossyImageCompression, "00");
        if (header.Placement is { } slice)
        {
            ds.AddOrUpdate(DicomTag.SeriesDate, date);
            ds.AddOrUpdate(DicomTag.SeriesTime, time);
            ds.AddOrUpdate(DicomTag.AcquisitionNumber, "1");
            ds.AddOrUpdate(DicomTag.PatientPosition, slice.PatientPosition);
            ds.AddOrUpdate(DicomTag.ImagePositionPatient, slice.Position.Select(Number).ToArray());
            ds.AddOrUpdate(DicomTag.ImageOrientationPatient, slice.Orientation.Select(Number).ToArray());
            ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, slice.FrameOfReferenceUid);
            ds.AddOrUpdate(DicomTag.PositionReferenceIndicator, string.Empty);
            ds.AddOrUpdate(DicomTag.SliceLocation, Number(slice.SliceLocation));
            ds.AddOrUpdate(DicomTag.PixelSpacing, Number(slice.PixelSpacing), Number(slice.PixelSpacing));
        }

        return ds;
    }

    /// <summary>CT's acquisition and rescale: 120 kV, the slice thickness, stored value − 1024 = HU.</summary>
    public static void AddHounsfieldUnits(DicomDataset ds, double sliceThickness)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ds.AddOrUpdate(DicomTag.KVP, "120");
        ds.AddOrUpdate(DicomTag.SliceThickness, Number(sliceThickness));
        ds.AddOrUpdate(DicomTag.RescaleIntercept, "-1024");
        ds.AddOrUpdate(DicomTag.RescaleSlope, "1");
        ds.AddOrUpdate(DicomTag.RescaleType, "HU");
    }

    /// <summary>Pixel Data of <paramref name="count"/> little-endian 16-bit words, each from <paramref name="stored"/>.</summary>
    public static void AddWords(DicomDataset ds, int count, Func<int, ushort> stored)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(stored);
        var bytes = new byte[count * 2];
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), stored(i));
        }

        ds.AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, bytes));
    }

    /// <summary>A phantom's ground truth as a SEG over <paramref name="slices"/>, labelled as ground truth.</summary>
    public static DicomFile GroundTruth(IReadOnlyList<DicomDataset> slices, string algorithmName, string seriesDescription, DateTimeOffset created, params (SegmentDefinition Segment, float[] Mask)[] segments)
    {
        var algorithm = new AlgorithmIdentity(algorithmName, "1.0") { DisplayName = "RadCnn phantom ground truth" };
        var builder = new SegmentationBuilder(slices, algorithm, new FixedTime(created))
        {
            SeriesNumber = 3,
            SeriesDescription = seriesDescription,
        };
        foreach (var (segment, mask) in segments)
        {
            builder.AddSegment(segment, mask);
        }

        var file = builder.Build();
        file.Dataset.AddOrUpdate(DicomTag.ContentLabel, "GROUND_TRUTH");
        file.Dataset.AddOrUpdate(DicomTag.ContentDescription, "Phantom ground truth by construction");
        return file;
    }

    /// <summary>Saves a series as &lt;prefix&gt;NNNN.dcm files (Explicit VR Little Endian), slice order.</summary>
    public static IReadOnlyList<string> SaveSeries(string directory, IReadOnlyList<DicomDataset> slices, string prefix)
    {
        ArgumentNullException.ThrowIfNull(slices);
        Directory.CreateDirectory(directory);
        var paths = new string[slices.Count];
        for (var s = 0; s < slices.Count; s++)
        {
            paths[s] = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{prefix}{s + 1:D4}.dcm"));
            new DicomFile(slices[s]) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian }.Save(paths[s]);
        }

        return paths;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
