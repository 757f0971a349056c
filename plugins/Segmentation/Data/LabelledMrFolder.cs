using RadCnn.Dicom;

namespace RadCnn.Plugins.Segmentation.Data;

/// <summary>
/// Labelled MR from a folder (<see cref="LabelledSegFolder"/>): the uterus (SCT 35039007 or labelled
/// "uterus") and its tumour. Phantoms from `radcnn phantom pelvis-mr` have this layout.
/// </summary>
internal static class LabelledMrFolder
{
    public static IReadOnlyList<LabelledMr> Read(string directory) => LabelledSegFolder.Read(directory, "MR", Read);

    public static LabelledMr Read(IReadOnlyList<DicomFile> slices, DicomDataset seg, string id)
    {
        var (volume, uterus, tumour) = LabelledSegFolder.Masks(slices, seg, "35039007", "uterus");
        return new LabelledMr(id, volume.Values, volume.Depth, volume.Height, volume.Width, (volume.SpacingZ, volume.SpacingY, volume.SpacingX), uterus, tumour);
    }
}
