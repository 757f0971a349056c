using RadCnn.Plugins.Segmentation.Uterus;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>The cascade's box around the uterus: where it lies, what it reads and what it writes back.</summary>
public sealed class TumourCropTests
{
    private const int Slices = 10;
    private const int Rows = 80;
    private const int Columns = 100;

    [Fact]
    public void TheBoxIsTheSquaredBoundingBoxWithItsMarginAndOneSliceEitherSide()
    {
        // Rows 20-39 (20), columns 30-69 (40), slices 3-5.
        var mask = Cuboid(3, 5, 20, 39, 30, 69);
        var box = TumourCrop.Around(mask, Slices, Rows, Columns, margin: 0.25)!;
        Assert.Equal(60, box.Side); // the larger extent, 40, and a quarter of it on each side
        Assert.Equal((2, 6), (box.FirstSlice, box.LastSlice));
        Assert.Equal(20, box.Left); // centre column 49.5: columns 20-79, ten either side of the mask
        Assert.Equal(0, box.Top); // centre row 29.5: rows 0-59
        Assert.Null(TumourCrop.Around(new bool[mask.Length], Slices, Rows, Columns));
        var speck = TumourCrop.Around(Cuboid(0, 0, 0, 0, 99, 99), Slices, Rows, Columns)!;
        Assert.Equal(TumourCrop.MinimumSide, speck.Side);
        Assert.Equal((0, 1), (speck.FirstSlice, speck.LastSlice));
    }

    [Fact]
    public void ASliceReadAtItsOwnSizeAndPastedBackRestoresTheBoxAndLeavesTheRestAlone()
    {
        var volume = new float[Slices * Rows * Columns];
        for (var i = 0; i < volume.Length; i++)
        {
            volume[i] = (i % 977) / 977f;
        }

        // A box hanging over the top-left corner: what lies outside the image reads as zero.
        var box = new TumourCrop(2, 6, -8, -4, 32);
        var read = box.Slice(volume, 4, Rows, Columns, 32);
        Assert.Equal(0f, read[0]);
        Assert.Equal(volume[(4 * Rows * Columns) + 0], read[(8 * 32) + 4]);

        var written = Enumerable.Repeat(-1f, volume.Length).ToArray();
        box.Paste(read, 32, 4, written, Rows, Columns);
        var plane = Rows * Columns;
        for (var y = 0; y < Rows; y++)
        {
            for (var x = 0; x < Columns; x++)
            {
                var inside = y < 24 && x < 28;
                Assert.Equal(inside ? volume[(4 * plane) + (y * Columns) + x] : -1f, written[(4 * plane) + (y * Columns) + x], 5);
            }
        }

        Assert.DoesNotContain(written.AsSpan(0, 4 * plane).ToArray(), v => v != -1f);
    }

    [Fact]
    public void ABoxResampledToTheNetworkGridAveragesDownAndComesBackSmooth()
    {
        var volume = new float[Slices * Rows * Columns];
        for (var i = 0; i < volume.Length; i++)
        {
            volume[i] = 3f;
        }

        var box = new TumourCrop(0, 9, 10, 10, 48);
        var small = box.Slice(volume, 1, Rows, Columns, 16);
        Assert.All(small, v => Assert.Equal(3f, v, 4));
        var planes = box.Planes(volume, Slices, Rows, Columns, 0, 3, 16);
        Assert.Equal(3 * 16 * 16, planes.Length);
        var back = new float[volume.Length];
        box.Paste(small, 16, 1, back, Rows, Columns);
        Assert.Equal(3f, back[(1 * Rows * Columns) + (30 * Columns) + 30], 4);
        Assert.Equal(0f, back[(1 * Rows * Columns) + (5 * Columns) + 5]);
    }

    private static bool[] Cuboid(int s0, int s1, int y0, int y1, int x0, int x1)
    {
        var mask = new bool[Slices * Rows * Columns];
        for (var s = s0; s <= s1; s++)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    mask[(s * Rows * Columns) + (y * Columns) + x] = true;
                }
            }
        }

        return mask;
    }
}
