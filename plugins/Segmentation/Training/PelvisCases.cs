using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>Pelvic MR phantoms generated in memory as labelled MR (the same voxels the DICOM files would hold).</summary>
internal static class PelvisCases
{
    public static LabelledMr FromCase(PelvisMrCase phantom)
    {
        var g = phantom.Grid;
        return new LabelledMr(phantom.Id, phantom.Pixels, g.Slices, g.Rows, g.Columns, (g.SliceSpacing, g.PixelSpacing, g.PixelSpacing), phantom.Labels.Select(l => l >= 1).ToArray(), phantom.Labels.Select(l => l == 2).ToArray());
    }
}
