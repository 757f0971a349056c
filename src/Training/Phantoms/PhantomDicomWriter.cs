using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RadCnn.Dicom;

namespace RadCnn.Training.Phantoms;

/// <summary>
/// Writes a phantom as a Digital X-Ray Image (For Presentation) Part 10 file: 16-bit words holding
/// 12 stored bits, MONOCHROME2, imager and pixel spacing, a VOI window, chest anatomy and a PA view.
/// UIDs derive from the generator, seed and index, so writing the same phantoms twice gives the same
/// files. Patient names and IDs are synthetic ("PHANTOM^…").
/// </summary>
internal static class PhantomDicomWriter
{
    public static DicomDataset ToDataset(PhantomCase phantom, IPhantomGenerator generator, int seed, int index, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        ArgumentNullException.ThrowIfNull(generator);
        var date = created.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = created.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture);
        var patientNumber = phantom.PatientKey[(phantom.PatientKey.LastIndexOf('p') + 1)..];
        var spacing = phantom.PixelSpacingMm.ToString("0.######", CultureInfo.InvariantCulture);
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        ds.AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY");
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomUid.DigitalXRayImageStorageForPresentation.Value);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, Uid(generator, seed, index, "instance"));
        ds.AddOrUpdate(DicomTag.StudyDate, date);
        ds.AddOrUpdate(DicomTag.ContentDate, date);
        ds.AddOrUpdate(DicomTag.StudyTime, time);
        ds.AddOrUpdate(DicomTag.ContentTime, time);
        ds.AddOrUpdate(DicomTag.AccessionNumber, string.Empty);
        ds.AddOrUpdate(DicomTag.Modality, generator.Modality);
        ds.AddOrUpdate(DicomTag.PresentationIntentType, "FOR PRESENTATION");
        ds.AddOrUpdate(DicomTag.Manufacturer, "RadCnn phantom");
        ds.AddOrUpdate(DicomTag.ReferringPhysicianName, string.Empty);
        ds.AddOrUpdate(DicomTag.StudyDescription, "Synthetic chest radiograph (not a patient)");
        ds.AddOrUpdate(DicomTag.SeriesDescription, $"{generator.Name} phantom seed {seed}");
        ds.AddOrUpdate(DicomTag.ManufacturerModelName, $"RadCnn {generator.GetType().Name}");
        ds.AddOrUpdate(DicomTag.AnatomicRegionSequence, Code("51185008", "SCT", "Thorax"));
        ds.AddOrUpdate(DicomTag.PatientName, $"PHANTOM^{generator.Name.ToUpperInvariant()}^{patientNumber}");
        ds.AddOrUpdate(DicomTag.PatientID, $"PH-{generator.Name.ToUpperInvariant()}-S{seed}-P{patientNumber}");
        ds.AddOrUpdate(DicomTag.PatientBirthDate, string.Empty);
        ds.AddOrUpdate(DicomTag.PatientSex, "O");
        ds.AddOrUpdate(DicomTag.BodyPartExamined, "CHEST");
        ds.AddOrUpdate(DicomTag.ViewPosition, "PA");
        ds.AddOrUpdate(DicomTag.ViewCodeSequence, Code("399348003", "SCT", "postero-anterior"));
        ds.AddOrUpdate(DicomTag.PositionerType, "COLUMN");
        ds.AddOrUpdate(DicomTag.DetectorType, "DIRECT");
        ds.AddOrUpdate(DicomTag.ImagerPixelSpacing, spacing, spacing);
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, Uid(generator, seed, index, "study"));
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, Uid(generator, seed, index, "series"));
        ds.AddOrUpdate(DicomTag.StudyID, "1");
        ds.AddOrUpdate(DicomTag.SeriesNumber, "1");
        ds.AddOrUpdate(DicomTag.InstanceNumber, (index + 1).ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTag.PatientOrientation, "L", "F");
        ds.AddOrUpdate(DicomTag.ImageLaterality, "U");
        ds.AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        ds.AddOrUpdate(DicomTag.Rows, (ushort)phantom.Height);
        ds.AddOrUpdate(DicomTag.Columns, (ushort)phantom.Width);
        ds.AddOrUpdate(DicomTag.PixelSpacing, spacing, spacing);
        ds.AddOrUpdate(DicomTag.PixelSpacingCalibrationType, "GEOMETRY");
        ds.AddOrUpdate(DicomTag.PixelSpacingCalibrationDescription, "Synthetic phantom: spacing at the detector by construction");
        ds.AddOrUpdate(DicomTag.BitsAllocated, (ushort)16);
        ds.AddOrUpdate(DicomTag.BitsStored, (ushort)phantom.BitsStored);
        ds.AddOrUpdate(DicomTag.HighBit, (ushort)(phantom.BitsStored - 1));
        ds.AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
        ds.AddOrUpdate(DicomTag.BurnedInAnnotation, "NO");
        ds.AddOrUpdate(DicomTag.PixelIntensityRelationship, "LOG");
        ds.AddOrUpdate(DicomTag.PixelIntensityRelationshipSign, (short)1);
        ds.AddOrUpdate(DicomTag.WindowCenter, Number(phantom.Window.Center));
        ds.AddOrUpdate(DicomTag.WindowWidth, Number(phantom.Window.Width));
        ds.AddOrUpdate(DicomTag.RescaleIntercept, "0");
        ds.AddOrUpdate(DicomTag.RescaleSlope, "1");
        ds.AddOrUpdate(DicomTag.RescaleType, "US");
        ds.AddOrUpdate(DicomTag.LossyImageCompression, "00");
        ds.AddOrUpdate(DicomTag.AcquisitionContextSequence, Array.Empty<DicomDataset>());
        ds.AddOrUpdate(DicomTag.PresentationLUTShape, "IDENTITY");
        var bytes = new byte[phantom.Pixels.Length * 2];
        for (var i = 0; i < phantom.Pixels.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), phantom.Pixels[i]);
        }

        ds.AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, bytes));
        return ds;
    }

    public static void Write(string path, PhantomCase phantom, IPhantomGenerator generator, int seed, int index, DateTimeOffset created)
    {
        var file = new DicomFile(ToDataset(phantom, generator, seed, index, created))
        {
            TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian,
        };
        file.Save(path);
    }

    private static DicomDataset Code(string value, string scheme, string meaning)
    {
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTag.CodeValue, value);
        item.AddOrUpdate(DicomTag.CodingSchemeDesignator, scheme);
        item.AddOrUpdate(DicomTag.CodeMeaning, meaning);
        return item;
    }

    private static string Number(double value) => Math.Round(value).ToString(CultureInfo.InvariantCulture);

    // Deterministic 2.25 UIDs: a UUID (version 8 layout) from SHA-256 of what the UID names.
    private static string Uid(IPhantomGenerator generator, int seed, int index, string role)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"radcnn-phantom/{generator.Name}/{seed}/{index}/{role}")));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return DicomUid.FromUuid(new Guid(hash.AsSpan(0, 16), bigEndian: true)).Value;
    }
}
