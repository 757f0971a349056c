using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RadCnn.Dicom;

namespace RadCnn.Training.Phantoms.LowDoseCt;

/// <summary>
/// Writes a phantom slice as a CT Image Storage instance: 12 stored bits, Rescale Slope 1 and
/// Intercept −1024 (so stored value − 1024 is HU, to the nearest unit), axial geometry with Image
/// Position from the slice index, one Frame of Reference per synthetic patient. UIDs derive from the
/// generator, seed, patient, role and slice, so writing twice gives the same files. Names and IDs are
/// synthetic ("PHANTOM^…").
/// </summary>
public static class CtSliceDicomWriter
{
    public const double RescaleIntercept = -1024;

    /// <summary>One slice of one series; <c>role</c> ("low-dose", "standard-dose" or "truth") names the series.</summary>
    public static DicomDataset ToDataset(LowDoseCtCase phantom, string generatorName, int seed, string role, float[] hu, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        ArgumentNullException.ThrowIfNull(hu);
        var date = created.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = created.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture);
        var key = $"{generatorName}/{seed}/{phantom.Patient}";
        var spacing = Number(phantom.PixelSpacingMm);
        var corner = Number((-phantom.Size * phantom.PixelSpacingMm / 2) + (phantom.PixelSpacingMm / 2));
        var z = phantom.Slice * 5.0;
        var seriesNumber = role switch { "low-dose" => 2, "standard-dose" => 3, _ => 4 };
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        ds.AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomUid.CTImageStorage.Value);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, Uid($"{key}/{role}/{phantom.Slice}/instance"));
        ds.AddOrUpdate(DicomTag.StudyDate, date);
        ds.AddOrUpdate(DicomTag.SeriesDate, date);
        ds.AddOrUpdate(DicomTag.ContentDate, date);
        ds.AddOrUpdate(DicomTag.StudyTime, time);
        ds.AddOrUpdate(DicomTag.SeriesTime, time);
        ds.AddOrUpdate(DicomTag.ContentTime, time);
        ds.AddOrUpdate(DicomTag.AccessionNumber, string.Empty);
        ds.AddOrUpdate(DicomTag.Modality, "CT");
        ds.AddOrUpdate(DicomTag.Manufacturer, "RadCnn phantom");
        ds.AddOrUpdate(DicomTag.ManufacturerModelName, "RadCnn LowDoseCtGenerator");
        ds.AddOrUpdate(DicomTag.ReferringPhysicianName, string.Empty);
        ds.AddOrUpdate(DicomTag.StudyDescription, "Synthetic low-dose CT phantom (not a patient)");
        ds.AddOrUpdate(DicomTag.SeriesDescription, FormattableString.Invariant($"{role} {generatorName} dose {(role == "low-dose" ? phantom.DoseFraction : 1):0.###}"));
        ds.AddOrUpdate(DicomTag.PatientName, FormattableString.Invariant($"PHANTOM^LDCT^{phantom.Patient}"));
        ds.AddOrUpdate(DicomTag.PatientID, FormattableString.Invariant($"PH-LDCT-S{seed}-P{phantom.Patient}"));
        ds.AddOrUpdate(DicomTag.PatientBirthDate, string.Empty);
        ds.AddOrUpdate(DicomTag.PatientSex, "O");
        ds.AddOrUpdate(DicomTag.BodyPartExamined, phantom.Anatomy.Region == "chest" ? "CHEST" : phantom.Anatomy.Region == "abdomen" ? "ABDOMEN" : "HEAD");
        ds.AddOrUpdate(DicomTag.SliceThickness, "5");
        ds.AddOrUpdate(DicomTag.KVP, "120");
        ds.AddOrUpdate(DicomTag.PatientPosition, "HFS");
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, Uid($"{key}/study"));
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, Uid($"{key}/{role}/series"));
        ds.AddOrUpdate(DicomTag.StudyID, "1");
        ds.AddOrUpdate(DicomTag.SeriesNumber, seriesNumber.ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.AcquisitionNumber, "1");
        ds.AddOrUpdate(DicomTag.InstanceNumber, (phantom.Slice + 1).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.ImagePositionPatient, corner, corner, Number(z));
        ds.AddOrUpdate(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
        ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, Uid($"{key}/frame"));
        ds.AddOrUpdate(DicomTag.PositionReferenceIndicator, string.Empty);
        ds.AddOrUpdate(DicomTag.SliceLocation, Number(z));
        ds.AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        ds.AddOrUpdate(DicomTag.Rows, (ushort)phantom.Size);
        ds.AddOrUpdate(DicomTag.Columns, (ushort)phantom.Size);
        ds.AddOrUpdate(DicomTag.PixelSpacing, spacing, spacing);
        ds.AddOrUpdate(DicomTag.BitsAllocated, (ushort)16);
        ds.AddOrUpdate(DicomTag.BitsStored, (ushort)12);
        ds.AddOrUpdate(DicomTag.HighBit, (ushort)11);
        ds.AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
        ds.AddOrUpdate(DicomTag.WindowCenter, "40");
        ds.AddOrUpdate(DicomTag.WindowWidth, "400");
        ds.AddOrUpdate(DicomTag.RescaleIntercept, Number(RescaleIntercept));
        ds.AddOrUpdate(DicomTag.RescaleSlope, "1");
        ds.AddOrUpdate(DicomTag.RescaleType, "HU");
        ds.AddOrUpdate(DicomTag.ConvolutionKernel, "FBP-RAMP");
        ds.AddOrUpdate(DicomTag.LossyImageCompression, "00");
        var bytes = new byte[hu.Length * 2];
        for (var i = 0; i < hu.Length; i++)
        {
            var stored = (ushort)Math.Clamp(Math.Round(hu[i] - RescaleIntercept), 0, 4095);
            bytes[2 * i] = (byte)stored;
            bytes[(2 * i) + 1] = (byte)(stored >> 8);
        }

        ds.AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, bytes));
        return ds;
    }

    private static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    // Deterministic 2.25 UIDs: a UUID (version 8 layout) from SHA-256 of what the UID names.
    private static string Uid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("radcnn-phantom/ldct/" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return DicomUid.FromUuid(new Guid(hash.AsSpan(0, 16), bigEndian: true)).Value;
    }
}
