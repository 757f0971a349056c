using RadCnn.Plugins.Classification.Candidates;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>The lung mask around a nodule that sits on a vessel running in the slice's plane to the mediastinum.</summary>
public sealed class LungMaskTests
{
    [Fact]
    public void ClosingKeepsANoduleOnAVesselToTheHilumInsideTheLung()
    {
        // 2 mm grid, 60 x 60 x 12: air outside, body tissue, one lung (-850) with the mediastinum (tissue)
        // on its left, a 4 mm vessel from the mediastinum into the lung and a 10 mm nodule on its end.
        const int nx = 60, ny = 60, nz = 12;
        var hu = new float[nx * ny * nz];
        for (var z = 0; z < nz; z++)
        {
            for (var y = 0; y < ny; y++)
            {
                for (var x = 0; x < nx; x++)
                {
                    var body = x is >= 4 and < 56 && y is >= 4 and < 56;
                    var lung = x is >= 20 and < 50 && y is >= 10 and < 50;
                    var vessel = y is >= 29 and <= 30 && x is >= 18 and < 36;
                    var nodule = ((x - 36.0) * (x - 36.0)) + ((y - 29.5) * (y - 29.5)) + ((z - 6.0) * (z - 6.0)) <= 6.25;
                    hu[(((z * ny) + y) * nx) + x] = !body ? -1000 : lung && !vessel && !nodule ? -850 : 40;
                }
            }
        }

        int Index(int x, int y, int z) => (((z * ny) + y) * nx) + x;
        var open = LungMask.Compute(hu, nx, ny, nz);
        var closed = LungMask.Compute(hu, nx, ny, nz, closingVoxels: 4);

        // Slice by slice alone the nodule is connected to the mediastinum and left out.
        Assert.False(open[Index(36, 29, 6)]);
        Assert.True(closed[Index(36, 29, 6)]);
        Assert.True(closed[Index(30, 20, 6)]);

        // The closing does not spill into the chest wall or the air around the body.
        Assert.False(closed[Index(52, 30, 6)]);
        Assert.False(closed[Index(1, 1, 6)]);
        Assert.False(closed[Index(10, 30, 6)]);

        // Nor does it eat the lung where the scan cuts through it (first and last slices).
        Assert.True(closed[Index(30, 20, 0)]);
        Assert.True(closed[Index(30, 20, nz - 1)]);
    }
}
