using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Analysis;

/// <summary>One connected lesion: its voxels, volume, longest axial diameter and centre.</summary>
internal sealed record LesionMeasure(int Label, int Voxels, double VolumeMl, double LongestAxialDiameterMm, (double Z, double Y, double X) CenterVoxel, int KeySlice)
{
    /// <summary>Mean probability over the lesion's voxels, when a probability map was given.</summary>
    public double MeanProbability { get; init; } = 1;
}

/// <summary>Volumes and RECIST-style diameters of masks on a grid with known spacing.</summary>
internal static class MaskMeasures
{
    public static double VolumeMl(bool[] mask, CtVolume grid) => mask.Count(m => m) * grid.VoxelVolumeMl;

    /// <summary>Every connected component of <paramref name="mask"/> of at least <paramref name="minimumMl"/>, largest first.</summary>
    public static IReadOnlyList<LesionMeasure> Lesions(bool[] mask, CtVolume grid, double minimumMl = 0, float[]? probability = null) =>
        LabelledLesions(mask, grid, minimumMl, probability).Lesions;

    /// <summary>
    /// As <see cref="Lesions"/>, with the component labels they were measured on (each lesion's <see cref="LesionMeasure.Label"/>)
    /// and the number of components, small ones included, so a caller need not label the mask again.
    /// </summary>
    public static (int[] Labels, int Components, IReadOnlyList<LesionMeasure> Lesions) LabelledLesions(bool[] mask, CtVolume grid, double minimumMl = 0, float[]? probability = null)
    {
        var (labels, sizes) = ConnectedComponents.Label(mask, grid.Depth, grid.Height, grid.Width);
        var lesions = new List<LesionMeasure>();
        for (var k = 0; k < sizes.Count; k++)
        {
            var volume = sizes[k] * grid.VoxelVolumeMl;
            if (volume < minimumMl)
            {
                continue;
            }

            lesions.Add(Measure(labels, k + 1, sizes[k], grid, probability));
        }

        return (labels, sizes.Count, lesions.OrderByDescending(l => l.Voxels).ToList());
    }

    /// <summary>The longest in-plane distance across the lesion on any one slice (edge to edge, so a single pixel measures one pixel).</summary>
    private static LesionMeasure Measure(int[] labels, int label, int voxels, CtVolume grid, float[]? probability)
    {
        var plane = grid.Height * grid.Width;
        double sz = 0, sy = 0, sx = 0, sp = 0;
        var best = 0.0;
        var keySlice = 0;
        for (var z = 0; z < grid.Depth; z++)
        {
            var edge = new List<(int Y, int X)>();
            for (var y = 0; y < grid.Height; y++)
            {
                for (var x = 0; x < grid.Width; x++)
                {
                    var i = (z * plane) + (y * grid.Width) + x;
                    if (labels[i] != label)
                    {
                        continue;
                    }

                    sz += z;
                    sy += y;
                    sx += x;
                    sp += probability?[i] ?? 1;
                    var inner = x > 0 && x < grid.Width - 1 && y > 0 && y < grid.Height - 1
                        && labels[i - 1] == label && labels[i + 1] == label && labels[i - grid.Width] == label && labels[i + grid.Width] == label;
                    if (!inner)
                    {
                        edge.Add((y, x));
                    }
                }
            }

            for (var a = 0; a < edge.Count; a++)
            {
                for (var b = a; b < edge.Count; b++)
                {
                    var dy = (Math.Abs(edge[a].Y - edge[b].Y) + 1) * grid.SpacingY;
                    var dx = (Math.Abs(edge[a].X - edge[b].X) + 1) * grid.SpacingX;
                    var d = Math.Sqrt((dy * dy) + (dx * dx));
                    if (d > best)
                    {
                        best = d;
                        keySlice = z;
                    }
                }
            }
        }

        return new LesionMeasure(label, voxels, voxels * grid.VoxelVolumeMl, best, (sz / voxels, sy / voxels, sx / voxels), keySlice) { MeanProbability = sp / voxels };
    }
}
