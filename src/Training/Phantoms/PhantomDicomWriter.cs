using System.Globalization;
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
        var patientNumber = phantom.PatientKey[(phantom.PatientKey.LastIndexOf('p') + 1)..];
        var spacing = phantom.PixelSpacingMm.ToString("0.######", CultureInfo.InvariantCulture);
        var ds = PhantomDicom.Image(new PhantomImageHeader
        {
            SopClassUid = DicomUid.DigitalXRayImageStorageForPresentation.Value,
            ImageType = ["ORIGINAL", "PRIMARY"],
            SopInstanceUid = Uid(generator, seed, index, "instance"),
            Created = created,
            Modality = generator.Modality,
            ModelName = $"RadCnn {generator.GetType().Name}",
            StudyDescription = "Synthetic chest radiograph (not a patient)",
            SeriesDescription = $"{generator.Name} phantom seed {seed}",
            PatientName = $"PHANTOM^{generator.Name.ToUpperInvariant()}^{patientNumber}",
            PatientId = $"PH-{generator.Name.ToUpperInvariant()}-S{seed}-P{patientNumber}",
            BodyPart = "CHEST",
            StudyInstanceUid = Uid(generator, seed, index, "study"),
            SeriesInstanceUid = Uid(generator, seed, index, "series"),
            SeriesNumber = 1,
            InstanceNumber = index + 1,
            Rows = phantom.Height,
            Columns = phantom.Width,
            BitsStored = phantom.BitsStored,
        });
        ds.AddOrUpdate(DicomTag.PresentationIntentType, "FOR PRESENTATION");
        ds.AddOrUpdate(DicomTag.AnatomicRegionSequence, Code("51185008", "SCT", "Thorax"));
        ds.AddOrUpdate(DicomTag.ViewPosition, "PA");
        ds.AddOrUpdate(DicomTag.ViewCodeSequence, Code("399348003", "SCT", "postero-anterior"));
        ds.AddOrUpdate(DicomTag.PositionerType, "COLUMN");
        ds.AddOrUpdate(DicomTag.DetectorType, "DIRECT");
        ds.AddOrUpdate(DicomTag.ImagerPixelSpacing, spacing, spacing);
        ds.AddOrUpdate(DicomTag.PatientOrientation, "L", "F");
        ds.AddOrUpdate(DicomTag.ImageLaterality, "U");
        ds.AddOrUpdate(DicomTag.PixelSpacing, spacing, spacing);
        ds.AddOrUpdate(DicomTag.PixelSpacingCalibrationType, "GEOMETRY");
        ds.AddOrUpdate(DicomTag.PixelSpacingCalibrationDescription, "Synthetic phantom: spacing at the detector by construction");
        ds.AddOrUpdate(DicomTag.BurnedInAnnotation, "NO");
        ds.AddOrUpdate(DicomTag.PixelIntensityRelationship, "LOG");
        ds.AddOrUpdate(DicomTag.PixelIntensityRelationshipSign, (short)1);
        ds.AddOrUpdate(DicomTag.WindowCenter, Number(phantom.Window.Center));
        ds.AddOrUpdate(DicomTag.WindowWidth, Number(phantom.Window.Width));
        ds.AddOrUpdate(DicomTag.RescaleIntercept, "0");
        ds.AddOrUpdate(DicomTag.RescaleSlope, "1");
        ds.AddOrUpdate(DicomTag.RescaleType, "US");
        ds.AddOrUpdate(DicomTag.AcquisitionContextSequence, Array.Empty<DicomDataset>());
        ds.AddOrUpdate(DicomTag.PresentationLUTShape, "IDENTITY");
        PhantomDicom.AddWords(ds, phantom.Pixels.Length, i => phantom.Pixels[i]);
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

    private static string Uid(IPhantomGenerator generator, int seed, int index, string role) =>
        PhantomDicom.Uid(FormattableString.Invariant($"{generator.Name}/{seed}/{index}/{role}"));
}
