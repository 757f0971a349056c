using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

public sealed class PatchSamplerTests
{
    /// <summary>
    /// One 12-voxel-wide mass and three single-voxel ones: centring on a voxel of the whole foreground
    /// would put nearly every patch in the large mass; taking the masses in turn gives each small one a
    /// patch, and a quarter of the patches still go anywhere.
    /// </summary>
    [Fact]
    public void MassPatchesTakeEveryMassInTurn()
    {
        const int size = 40;
        var values = new float[size * size * size];
        int Index(int z, int y, int x) => (((z * size) + y) * size) + x;
        for (var z = 2; z < 14; z++)
        {
            for (var y = 2; y < 14; y++)
            {
                for (var x = 2; x < 14; x++)
                {
                    values[Index(z, y, x)] = 1;
                }
            }
        }

        (int Z, int Y, int X)[] small = [(30, 30, 30), (30, 5, 30), (5, 30, 35)];
        foreach (var (z, y, x) in small)
        {
            values[Index(z, y, x)] = 1;
        }

        var target = new CtVolume(values, size, size, size, 2.5, 2.5, 2.5);
        for (var seed = 0; seed < 10; seed++)
        {
            var centers = PatchSampler.Centers(target, PatchSampler.Focus.MassInLiverBox, 8, new Random(seed));
            Assert.Equal(8, centers.Count);
            foreach (var s in small)
            {
                Assert.Contains(s, centers);
            }

            var onMass = centers.Count(c => values[Index(c.Z, c.Y, c.X)] > 0);
            Assert.InRange(onMass, 6, 8);
        }
    }

    [Fact]
    public void LiverPatchesCentreOnTheLiver()
    {
        const int size = 20;
        var values = new float[size * size * size];
        for (var i = 0; i < 500; i++)
        {
            values[i] = 1;
        }

        var centers = PatchSampler.Centers(new CtVolume(values, size, size, size, 4, 4, 4), PatchSampler.Focus.Liver, 12, new Random(3));
        Assert.All(centers, c => Assert.True(values[(((c.Z * size) + c.Y) * size) + c.X] > 0));
    }
}
