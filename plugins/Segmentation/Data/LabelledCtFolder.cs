using RadCnn.Dicom;

namespace RadCnn.Plugins.Segmentation.Data;

/// <summary>
/// Labelled CT from a folder (<see cref="LabelledSegFolder"/>): the liver (SCT 10200004 or labelled
/// "liver") and liver masses. Phantoms from `radcnn phantom abdomen-ct` have this layout.
/// </summary>
internal static class LabelledCtFolder
{
    public static IReadOnlyList<LabelledCt> Read(string directory) => LabelledSegFolder.Read(directory, "CT", Read);

    public static LabelledCt Read(IReadOnlyList<DicomFile> slices, DicomDataset seg, string id)
    {
        var (volume, liver, masses) = LabelledSegFolder.Masks(slices, seg, "10200004", "liver");
        return new LabelledCt(id, volume, liver, masses);
    }
}
