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
        var key = FormattableString.Invariant($"ldct/{generatorName}/{seed}/{phantom.Patient}");
        var corner = (-phantom.Size * phantom.PixelSpacingMm / 2) + (phantom.PixelSpacingMm / 2);
        var z = phantom.Slice * 5.0;
        var ds = PhantomDicom.Image(new PhantomImageHeader
        {
            SopClassUid = DicomUid.CTImageStorage.Value,
            ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"],
            SopInstanceUid = PhantomDicom.Uid(FormattableString.Invariant($"{key}/{role}/{phantom.Slice}/instance")),
            Created = created,
            Modality = "CT",
            ModelName = "RadCnn LowDoseCtGenerator",
            StudyDescription = "Synthetic low-dose CT phantom (not a patient)",
            SeriesDescription = FormattableString.Invariant($"{role} {generatorName} dose {(role == "low-dose" ? phantom.DoseFraction : 1):0.###}"),
            PatientName = FormattableString.Invariant($"PHANTOM^LDCT^{phantom.Patient}"),
            PatientId = FormattableString.Invariant($"PH-LDCT-S{seed}-P{phantom.Patient}"),
            BodyPart = phantom.Anatomy.Region == "chest" ? "CHEST" : phantom.Anatomy.Region == "abdomen" ? "ABDOMEN" : "HEAD",
            StudyInstanceUid = PhantomDicom.Uid($"{key}/study"),
            SeriesInstanceUid = PhantomDicom.Uid($"{key}/{role}/series"),
            SeriesNumber = role switch { "low-dose" => 2, "standard-dose" => 3, _ => 4 },
            InstanceNumber = phantom.Slice + 1,
            Rows = phantom.Size,
            Columns = phantom.Size,
            BitsStored = 12,
            Placement = new SlicePlacement([corner, corner, z], SlicePlacement.Axial, PhantomDicom.Uid($"{key}/frame"), z, phantom.PixelSpacingMm, "HFS"),
        });
        PhantomDicom.AddHounsfieldUnits(ds, 5);
        ds.AddOrUpdate(DicomTag.WindowCenter, "40");
        ds.AddOrUpdate(DicomTag.WindowWidth, "400");
        ds.AddOrUpdate(DicomTag.ConvolutionKernel, "FBP-RAMP");
        PhantomDicom.AddWords(ds, hu.Length, i => (ushort)Math.Clamp(Math.Round(hu[i] - RescaleIntercept), 0, 4095));
        return ds;
    }
}
