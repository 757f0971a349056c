using System.Globalization;
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
        string Uid(string role) => PhantomDicom.Uid(FormattableString.Invariant($"{generatorName}/{seed}/{index}/{role}"));
        var study = Uid("study");
        var series = Uid("series");
        var frame = Uid("frame");
        var slices = new List<DicomDataset>(grid.Slices);
        for (var s = 0; s < grid.Slices; s++)
        {
            var z = grid.Origin[2] + (s * grid.SliceSpacing);
            var ds = PhantomDicom.Image(new PhantomImageHeader
            {
                SopClassUid = DicomUid.CTImageStorage.Value,
                ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"],
                SopInstanceUid = Uid("slice-" + s.ToString(CultureInfo.InvariantCulture)),
                Created = created,
                Modality = "CT",
                ModelName = "RadCnn AbdomenCtGenerator",
                StudyDescription = "Synthetic abdominal CT (not a patient)",
                SeriesDescription = $"{generatorName} phantom seed {seed}",
                PatientName = $"PHANTOM^ABDOMEN^{index + 1}",
                PatientId = string.Create(CultureInfo.InvariantCulture, $"PH-{generatorName.ToUpperInvariant()}-S{seed}-P{index + 1}"),
                BodyPart = "ABDOMEN",
                StudyInstanceUid = study,
                SeriesInstanceUid = series,
                SeriesNumber = 2,
                InstanceNumber = s + 1,
                Rows = grid.Rows,
                Columns = grid.Columns,
                BitsStored = 12,
                Placement = new SlicePlacement([grid.Origin[0], grid.Origin[1], z], SlicePlacement.Axial, frame, z, grid.PixelSpacing, "FFS"),
            });
            PhantomDicom.AddHounsfieldUnits(ds, grid.SliceThickness);
            ds.AddOrUpdate(DicomTag.WindowCenter, "50");
            ds.AddOrUpdate(DicomTag.WindowWidth, "400");
            var offset = s * plane;
            PhantomDicom.AddWords(ds, plane, i => (ushort)Math.Clamp((int)phantom.Hu[offset + i] + 1024, 0, 4095));
            slices.Add(ds);
        }

        return slices;
    }

    /// <summary>The ground truth as a SEG over <paramref name="slices"/> (liver includes its masses, as in LiTS).</summary>
    public static DicomFile GroundTruth(AbdomenCtCase phantom, IReadOnlyList<DicomDataset> slices, DateTimeOffset created) =>
        PhantomDicom.GroundTruth(
            slices,
            "radcnn.phantom.abdomen-ct",
            "Ground truth: liver and liver masses (synthetic phantom)",
            created,
            (LiverSegment, phantom.LiverMask()),
            (MassSegment, phantom.MassMask()));
}
