using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RadCnn.Dicom;

namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>
/// Writes a chest CT phantom as a CT Image Storage series: one axial slice per file, 16-bit words with
/// 12 stored bits, Rescale Intercept -1024, Image Position/Orientation (Patient), a lung window. UIDs
/// derive from the generator, seed and index, so writing the same phantom twice gives the same files.
/// Patient names and IDs are synthetic ("PHANTOM^…").
/// </summary>
public static class ChestCtDicomWriter
{
    /// <summary>One dataset per slice, in slice order (increasing z).</summary>
    public static IReadOnlyList<DicomDataset> ToDatasets(ChestCtPhantom phantom, int seed, int index, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        var date = created.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = created.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture);
        var key = phantom.Generator + "/" + seed.ToString(CultureInfo.InvariantCulture) + "/" + index.ToString(CultureInfo.InvariantCulture);
        var study = Uid(key + "/study");
        var series = Uid(key + "/series");
        var frame = Uid(key + "/frame");
        var spacing = Number(phantom.PixelSpacing);
        var frameSize = phantom.Columns * phantom.Rows;
        var datasets = new DicomDataset[phantom.Slices];
        for (var s = 0; s < phantom.Slices; s++)
        {
            var ds = new DicomDataset();
            ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
            ds.AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
            ds.AddOrUpdate(DicomTag.SOPClassUID, DicomUid.CTImageStorage.Value);
            ds.AddOrUpdate(DicomTag.SOPInstanceUID, Uid(key + "/instance/" + s.ToString(CultureInfo.InvariantCulture)));
            ds.AddOrUpdate(DicomTag.StudyDate, date);
            ds.AddOrUpdate(DicomTag.SeriesDate, date);
            ds.AddOrUpdate(DicomTag.ContentDate, date);
            ds.AddOrUpdate(DicomTag.StudyTime, time);
            ds.AddOrUpdate(DicomTag.SeriesTime, time);
            ds.AddOrUpdate(DicomTag.ContentTime, time);
            ds.AddOrUpdate(DicomTag.AccessionNumber, string.Empty);
            ds.AddOrUpdate(DicomTag.Modality, "CT");
            ds.AddOrUpdate(DicomTag.Manufacturer, "RadCnn phantom");
            ds.AddOrUpdate(DicomTag.ManufacturerModelName, "RadCnn ChestCtGenerator " + phantom.Generator);
            ds.AddOrUpdate(DicomTag.ReferringPhysicianName, string.Empty);
            ds.AddOrUpdate(DicomTag.StudyDescription, "Synthetic chest CT (not a patient)");
            ds.AddOrUpdate(DicomTag.SeriesDescription, $"{phantom.Generator} phantom seed {seed}");
            ds.AddOrUpdate(DicomTag.PatientName, $"PHANTOM^CHESTCT^{index}");
            ds.AddOrUpdate(DicomTag.PatientID, $"PH-{phantom.Generator.ToUpperInvariant()}-S{seed}-P{index}");
            ds.AddOrUpdate(DicomTag.PatientBirthDate, string.Empty);
            ds.AddOrUpdate(DicomTag.PatientSex, "O");
            ds.AddOrUpdate(DicomTag.BodyPartExamined, "CHEST");
            ds.AddOrUpdate(DicomTag.SliceThickness, Number(phantom.SliceThickness));
            ds.AddOrUpdate(DicomTag.KVP, "120");
            ds.AddOrUpdate(DicomTag.PatientPosition, "HFS");
            ds.AddOrUpdate(DicomTag.StudyInstanceUID, study);
            ds.AddOrUpdate(DicomTag.SeriesInstanceUID, series);
            ds.AddOrUpdate(DicomTag.StudyID, "1");
            ds.AddOrUpdate(DicomTag.SeriesNumber, "2");
            ds.AddOrUpdate(DicomTag.AcquisitionNumber, "1");
            ds.AddOrUpdate(DicomTag.InstanceNumber, (s + 1).ToString(CultureInfo.InvariantCulture));
            var (x, y, z) = phantom.ToPatient(0, 0, s);
            ds.AddOrUpdate(DicomTag.ImagePositionPatient, Number(x), Number(y), Number(z));
            ds.AddOrUpdate(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
            ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, frame);
            ds.AddOrUpdate(DicomTag.PositionReferenceIndicator, string.Empty);
            ds.AddOrUpdate(DicomTag.SliceLocation, Number(z));
            ds.AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1);
            ds.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
            ds.AddOrUpdate(DicomTag.Rows, (ushort)phantom.Rows);
            ds.AddOrUpdate(DicomTag.Columns, (ushort)phantom.Columns);
            ds.AddOrUpdate(DicomTag.PixelSpacing, spacing, spacing);
            ds.AddOrUpdate(DicomTag.BitsAllocated, (ushort)16);
            ds.AddOrUpdate(DicomTag.BitsStored, (ushort)12);
            ds.AddOrUpdate(DicomTag.HighBit, (ushort)11);
            ds.AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
            ds.AddOrUpdate(DicomTag.RescaleIntercept, "-1024");
            ds.AddOrUpdate(DicomTag.RescaleSlope, "1");
            ds.AddOrUpdate(DicomTag.RescaleType, "HU");
            ds.AddOrUpdate(DicomTag.WindowCenter, "-600");
            ds.AddOrUpdate(DicomTag.WindowWidth, "1500");
            ds.AddOrUpdate(DicomTag.BurnedInAnnotation, "NO");
            ds.AddOrUpdate(DicomTag.LossyImageCompression, "00");
            var bytes = new byte[frameSize * 2];
            for (var i = 0; i < frameSize; i++)
            {
                var stored = (ushort)Math.Clamp((int)MathF.Round(phantom.Hu[(s * frameSize) + i]) + 1024, 0, 4095);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), stored);
            }

            ds.AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OW, bytes));
            datasets[s] = ds;
        }

        return datasets;
    }

    /// <summary>Writes the series as slice-NNNN.dcm files into <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Write(string directory, ChestCtPhantom phantom, int seed, int index, DateTimeOffset created)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var (ds, s) in ToDatasets(phantom, seed, index, created).Select((d, s) => (d, s)))
        {
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"slice-{s + 1:D4}.dcm"));
            new DicomFile(ds) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian }.Save(path);
            paths.Add(path);
        }

        return paths;
    }

    private static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    // Deterministic 2.25 UIDs: a UUID (version 8 layout) from SHA-256 of what the UID names.
    private static string Uid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("radcnn-phantom/" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return DicomUid.FromUuid(new Guid(hash.AsSpan(0, 16), bigEndian: true)).Value;
    }
}
