using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Tests.Liver;

/// <summary>
/// The reported masses' voxels from one labelling: each measured mass gets exactly its component's voxels (found again
/// by count and centre after specks were dropped and the labels renumbered), a mass that is not a component of the mask
/// gets none, and the questions asked of them (<see cref="ReportedMassVoxels.Whose"/>) keep the cascade's order.
/// </summary>
public sealed class ReportedMassVoxelsTests
{
    private const int Side = 24;

    [Fact]
    public void EachReportedMassGetsItsComponentsVoxelsAndNothingElse()
    {
        var hu = new CtVolume(new float[Side * Side * Side], Side, Side, Side, 2, 2, 2);
        var mask = new bool[hu.Count];
        var big = Cube(mask, (4, 4, 4), 5);
        var speck = Cube(mask, (14, 14, 2), 1);
        var small = Cube(mask, (15, 3, 15), 3);

        // 0.2 mL keeps the 27- and 125-voxel cubes (0.216 and 1 mL at 8 µL a voxel) and drops the single voxel.
        var lesions = MaskMeasures.Lesions(mask, hu, minimumMl: 0.2);
        Assert.Equal(2, lesions.Count);
        foreach (var i in speck)
        {
            mask[i] = false;
        }

        var reported = new ReportedMassVoxels(hu, mask, lesions);
        Assert.Equal(big, reported.VoxelsOf(lesions[0]));
        Assert.Equal(small, reported.VoxelsOf(lesions[1]));
        Assert.Same(mask, reported.Mask);

        // A mass measured on another mask (the small cube shifted by one voxel) is none of these components.
        var shifted = new bool[hu.Count];
        Cube(shifted, (16, 3, 15), 3);
        Assert.Null(reported.VoxelsOf(Assert.Single(MaskMeasures.Lesions(shifted, hu))));

        Assert.Equal(lesions, reported.Whose(v => v.Length > 0));
        Assert.Equal([lesions[1]], reported.Whose(v => v.Contains(small[0])));
        Assert.Empty(new ReportedMassVoxels(hu, mask, []).Whose(_ => true));
    }

    private static int[] Cube(bool[] mask, (int Z, int Y, int X) corner, int side)
    {
        var voxels = new List<int>();
        for (var z = corner.Z; z < corner.Z + side; z++)
        {
            for (var y = corner.Y; y < corner.Y + side; y++)
            {
                for (var x = corner.X; x < corner.X + side; x++)
                {
                    var i = (((z * Side) + y) * Side) + x;
                    mask[i] = true;
                    voxels.Add(i);
                }
            }
        }

        return [.. voxels];
    }
}
