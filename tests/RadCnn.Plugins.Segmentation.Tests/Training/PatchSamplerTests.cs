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
        FillCube(values, size, 2, 2, 2, 12);

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

    /// <summary>
    /// A 20 mm mass beside a 50 mm and a 62 mm one (cubes on the 2.5 mm grid): taken in turn each gets a third of the
    /// mass-centred patches; with two turns for 10-30 mm masses the small one gets half.
    /// </summary>
    [Fact]
    public void SmallMassesCanTakeMoreTurns()
    {
        const int size = 48;
        var values = new float[size * size * size];
        void Cube(int z0, int y0, int x0, int edge) => FillCube(values, size, z0, y0, x0, edge);

        Cube(2, 2, 2, 20);
        Cube(26, 26, 26, 16);
        Cube(2, 36, 36, 7);
        var target = new CtVolume(values, size, size, size, 2.5, 2.5, 2.5);
        Assert.True(PatchSampler.IsSmall(7 * 7 * 7 * 2.5 * 2.5 * 2.5));
        Assert.False(PatchSampler.IsSmall(16 * 16 * 16 * 2.5 * 2.5 * 2.5));

        double SmallShare(int turns)
        {
            int small = 0, onMass = 0;
            for (var seed = 0; seed < 200; seed++)
            {
                foreach (var (z, y, x) in PatchSampler.Centers(target, PatchSampler.Focus.MassInLiverBox, 12, new Random(seed), turns).Where((_, k) => k % 4 != 3))
                {
                    onMass++;
                    small += z >= 2 && z < 9 && y >= 36 && y < 43 && x >= 36 && x < 43 ? 1 : 0;
                }
            }

            return (double)small / onMass;
        }

        Assert.InRange(SmallShare(1), 0.30, 0.37);
        Assert.InRange(SmallShare(2), 0.46, 0.54);
    }

    /// <summary>
    /// Size-weighted targets: a 20 mm cube (7 voxels of 2.5 mm on a side, 343 voxels), a 62 mm one (25 on a side) and a single
    /// voxel: each mass voxel weighs a 30 mm sphere's voxel count (905) over its mass's, at least 1 and at most a 10 mm mass's
    /// weight, and the background stays 0, so the foreground is where it was.
    /// </summary>
    [Fact]
    public void SizeWeightsFavourSmallMassesWithinBounds()
    {
        const int size = 40;
        var values = new float[size * size * size];
        int Index(int z, int y, int x) => (((z * size) + y) * size) + x;
        void Cube(int z0, int y0, int x0, int edge) => FillCube(values, size, z0, y0, x0, edge);

        Cube(0, 0, 0, 25);
        Cube(30, 30, 30, 7);
        values[Index(30, 2, 35)] = 1;
        var stage = RadCnn.Plugins.Segmentation.Liver.CascadeSettings.MassStage;
        var weights = PatchSampler.SizeWeights(values, size, size, size, stage);
        Assert.Equal(905, PatchSampler.ReferenceVoxels(stage), 0);
        Assert.Equal(1f, weights[Index(10, 10, 10)]);
        Assert.Equal((float)(PatchSampler.ReferenceVoxels(stage) / 343), weights[Index(33, 33, 33)], 4);
        Assert.Equal(PatchSampler.MaxWeight, weights[Index(30, 2, 35)]);
        Assert.All(Enumerable.Range(0, values.Length), i => Assert.Equal(values[i] > 0, weights[i] >= 1));
        Assert.All(Enumerable.Range(0, values.Length), i => Assert.Equal(values[i] == 0, weights[i] == 0));
    }

    /// <summary>
    /// Component marking for the per-mass Dice: each mass of at least 8 mm (equivalent sphere on the 2.5 mm grid, 17 voxels)
    /// gets its own value from 2 up, a smaller speck stays 1 (foreground, but no Dice term of its own), background stays 0.
    /// </summary>
    [Fact]
    public void MarkedComponentsNumberEachMassOfEightMillimetresOrMore()
    {
        const int size = 40;
        var values = new float[size * size * size];
        int Index(int z, int y, int x) => (((z * size) + y) * size) + x;
        FillCube(values, size, 0, 0, 0, 25);
        FillCube(values, size, 30, 30, 30, 3);
        FillCube(values, size, 30, 2, 30, 2);
        var marked = PatchSampler.MarkComponents(values, size, size, size, RadCnn.Plugins.Segmentation.Liver.CascadeSettings.MassStage);
        Assert.Equal(2f, marked[Index(10, 10, 10)]);
        Assert.Equal(3f, marked[Index(31, 31, 31)]);
        Assert.Equal(1f, marked[Index(31, 3, 31)]);
        Assert.All(Enumerable.Range(0, values.Length), i => Assert.Equal(values[i] == 0, marked[i] == 0));
    }

    /// <summary>
    /// Centre balls for the mass detector: a 25-voxel cube (62 mm) and a 4-voxel one (10 mm) each get the same 33-voxel
    /// ball of radius 2 around their centre, nothing else of them is marked, and a 2-voxel speck (under 8 mm) gets nothing.
    /// </summary>
    [Fact]
    public void CentreBlobsGiveEveryMassOfEightMillimetresOrMoreTheSameBallAtItsCentre()
    {
        const int size = 40;
        var values = new float[size * size * size];
        int Index(int z, int y, int x) => (((z * size) + y) * size) + x;
        FillCube(values, size, 0, 0, 0, 25);
        FillCube(values, size, 30, 30, 30, 4);
        FillCube(values, size, 30, 2, 30, 2);
        var blobs = PatchSampler.CentreBlobs(values, size, size, size, RadCnn.Plugins.Segmentation.Liver.CascadeSettings.MassStage);

        Assert.Equal(66, blobs.Count(v => v == 1));
        Assert.All(blobs, v => Assert.True(v is 0 or 1));
        Assert.Equal(1f, blobs[Index(12, 12, 12)]);
        Assert.Equal(1f, blobs[Index(14, 12, 12)]);
        Assert.Equal(0f, blobs[Index(15, 12, 12)]);
        Assert.Equal(0f, blobs[Index(0, 0, 0)]);
        Assert.Equal(1f, blobs[Index(32, 32, 32)]);
        Assert.Equal(0f, blobs[Index(30, 2, 30)]);
        Assert.Equal(33, Enumerable.Range(0, blobs.Length).Count(i => blobs[i] == 1 && i / (size * size) >= 28));
    }

    /// <summary>
    /// Off-centre mass patches: a single-voxel mass in the middle of a 96-voxel cube; with a shift of up to a third of the
    /// 32×48×48 patch, every window cut around a centre still holds its mass, but seldom at the window's centre and at
    /// offsets spread over the range (so inference's off-centre views are trained on).
    /// </summary>
    [Fact]
    public void OffCentreMassPatchesStillHoldTheirMass()
    {
        const int size = 96;
        var values = new float[size * size * size];
        var mass = (Z: 48, Y: 48, X: 48);
        values[(((mass.Z * size) + mass.Y) * size) + mass.X] = 1;

        var patch = (Depth: 32, Height: 48, Width: 48);
        var window = new RadCnn.Plugins.Segmentation.Inference.SlidingWindow(patch);
        var target = new CtVolume(values, size, size, size, 2.5, 2.5, 2.5);
        var offsets = new List<int>();
        for (var seed = 0; seed < 20; seed++)
        {
            var centers = PatchSampler.Centers(target, PatchSampler.Focus.MassInLiverBox, 12, new Random(seed), 1, (patch.Depth / 3, patch.Height / 3, patch.Width / 3));
            foreach (var c in centers.Where((_, k) => k % 4 != 3))
            {
                var (_, start) = window.PatchAround(target, c, 0f);
                Assert.InRange(mass.Z - start.Z, 0, patch.Depth - 1);
                Assert.InRange(mass.Y - start.Y, 0, patch.Height - 1);
                Assert.InRange(mass.X - start.X, 0, patch.Width - 1);
                offsets.Add(Math.Abs(mass.Y - (start.Y + (patch.Height / 2))));
            }
        }

        Assert.True(offsets.Count(o => o <= 2) < offsets.Count / 4, "most mass patches are off centre");
        Assert.Contains(offsets, o => o >= 12);
    }

    // Sets a cube of edge voxels at (z0, y0, x0) of a size³ volume to 1.
    private static void FillCube(float[] values, int size, int z0, int y0, int x0, int edge)
    {
        for (var z = z0; z < z0 + edge; z++)
        {
            for (var y = y0; y < y0 + edge; y++)
            {
                for (var x = x0; x < x0 + edge; x++)
                {
                    values[(((z * size) + y) * size) + x] = 1;
                }
            }
        }
    }
}
