using System.Globalization;
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
        var key = phantom.Generator + "/" + seed.ToString(CultureInfo.InvariantCulture) + "/" + index.ToString(CultureInfo.InvariantCulture);
        var study = PhantomDicom.Uid(key + "/study");
        var series = PhantomDicom.Uid(key + "/series");
        var frame = PhantomDicom.Uid(key + "/frame");
        var frameSize = phantom.Columns * phantom.Rows;
        var datasets = new DicomDataset[phantom.Slices];
        for (var s = 0; s < phantom.Slices; s++)
        {
            var (x, y, z) = phantom.ToPatient(0, 0, s);
            var ds = PhantomDicom.Image(new PhantomImageHeader
            {
                SopClassUid = DicomUid.CTImageStorage.Value,
                ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"],
                SopInstanceUid = PhantomDicom.Uid(key + "/instance/" + s.ToString(CultureInfo.InvariantCulture)),
                Created = created,
                Modality = "CT",
                ModelName = "RadCnn ChestCtGenerator " + phantom.Generator,
                StudyDescription = "Synthetic chest CT (not a patient)",
                SeriesDescription = $"{phantom.Generator} phantom seed {seed}",
                PatientName = $"PHANTOM^CHESTCT^{index}",
                PatientId = $"PH-{phantom.Generator.ToUpperInvariant()}-S{seed}-P{index}",
                BodyPart = "CHEST",
                StudyInstanceUid = study,
                SeriesInstanceUid = series,
                SeriesNumber = 2,
                InstanceNumber = s + 1,
                Rows = phantom.Rows,
                Columns = phantom.Columns,
                BitsStored = 12,
                Placement = new SlicePlacement([x, y, z], SlicePlacement.Axial, frame, z, phantom.PixelSpacing, "HFS"),
            });
            PhantomDicom.AddHounsfieldUnits(ds, phantom.SliceThickness);
            ds.AddOrUpdate(DicomTag.WindowCenter, "-600");
            ds.AddOrUpdate(DicomTag.WindowWidth, "1500");
            ds.AddOrUpdate(DicomTag.BurnedInAnnotation, "NO");
            var offset = s * frameSize;
            PhantomDicom.AddWords(ds, frameSize, i => (ushort)Math.Clamp((int)MathF.Round(phantom.Hu[offset + i]) + 1024, 0, 4095));
            datasets[s] = ds;
        }

        return datasets;
    }

    /// <summary>Writes the series as slice-NNNN.dcm files into <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Write(string directory, ChestCtPhantom phantom, int seed, int index, DateTimeOffset created) =>
        PhantomDicom.SaveSeries(directory, ToDatasets(phantom, seed, index, created), "slice-");
}
