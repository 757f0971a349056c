using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>Abdominal CT phantoms generated in memory as labelled CT (the same voxels the DICOM files would hold).</summary>
internal static class PhantomCases
{
    public static LabelledCt FromCase(AbdomenCtCase phantom)
    {
        var g = phantom.Grid;
        var volume = new CtVolume(phantom.Hu, g.Slices, g.Rows, g.Columns, g.SliceSpacing, g.PixelSpacing, g.PixelSpacing);
        return new LabelledCt(phantom.Id, volume, phantom.Labels.Select(l => l >= 1).ToArray(), phantom.Labels.Select(l => l == 2).ToArray());
    }

    public static IReadOnlyList<LabelledCt> Generate(AbdomenCtGenerator generator, int count, int seed) =>
        Enumerable.Range(0, count).Select(i => FromCase(generator.Generate(seed, i))).ToList();
}
