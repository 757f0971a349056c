using RadCnn.Abstractions.WorkItems;
using RadCnn.Plugins.Classification.Models;
using RadCnn.Plugins.Classification.Preprocessing;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>The 9-view input of the 2D multi-view CNN (three orthogonal and six diagonal planes) and the network that takes it.</summary>
public sealed class MultiViewTests
{
    [Fact]
    public void NineViewsStartWithTheThreeOrthogonalOnesAndAllCutThroughTheCandidate()
    {
        // Lung at -850 HU on 1 mm voxels with an 8 mm radius ball of soft tissue and a thin rod along x (a vessel).
        const int side = 64;
        var hu = new float[side * side * side];
        for (var z = 0; z < side; z++)
        {
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    var (dx, dy, dz) = (x - 32.0, y - 32.0, z - 32.0);
                    var ball = (dx * dx) + (dy * dy) + (dz * dz) <= 64;
                    var rod = ((y - 32.0) * (y - 32.0)) + ((z - 20.0) * (z - 20.0)) <= 2;
                    hu[(((z * side) + y) * side) + x] = ball || rod ? 40 : -850;
                }
            }
        }

        var volume = new CtVolume(hu, side, side, side, new Vector3D(1, 1, 1), new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0));
        var centre = volume.ToPatient(32, 32, 32);
        var three = PatchExtractor.Views2d(volume, centre);
        var nine = PatchExtractor.Views2d(volume, centre, 9);
        Assert.Equal(9 * PatchExtractor.Side2d * PatchExtractor.Side2d, nine.Length);
        Assert.Equal(three, nine[..three.Length]);

        // Every plane is bright at its centre (the ball) and dark in its corners (lung) ...
        var plane = PatchExtractor.Side2d * PatchExtractor.Side2d;
        var middle = ((PatchExtractor.Side2d / 2) * PatchExtractor.Side2d) + (PatchExtractor.Side2d / 2);
        for (var p = 0; p < 9; p++)
        {
            Assert.True(nine[(p * plane) + middle] > 0.6, $"plane {p} centre {nine[(p * plane) + middle]}");
            Assert.True(nine[p * plane] < 0.15, $"plane {p} corner {nine[p * plane]}");
        }

        // ... and the planes differ: the rod 12 mm above the ball shows in the coronal plane (which holds
        // the x axis and the vertical), not in the axial one through the ball's centre.
        var brightAxial = nine[..plane].Count(v => v > 0.6);
        var brightCoronal = nine[plane..(2 * plane)].Count(v => v > 0.6);
        Assert.True(brightCoronal > brightAxial, $"coronal {brightCoronal} bright pixels, axial {brightAxial}");
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchExtractor.Views2d(volume, centre, 5));
    }

    [Fact]
    public void NineViewNetworkMergesNineStreamsIntoThreeClasses()
    {
        using var scope = NewDisposeScope();
        using var net = new MultiView2dNet(views: 9);
        net.eval();
        var output = net.call(rand(2, 9, PatchExtractor.Side2d, PatchExtractor.Side2d));
        Assert.Equal(new long[] { 2, 3 }, output.shape);

        // The 3-view weights do not fit the 9-view network's merge layer: a mix-up fails loudly.
        using var three = new MultiView2dNet();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            three.save(writer);
        }

        Assert.ThrowsAny<Exception>(() => ModelLoader.Load2d(stream.ToArray(), views: 9));
    }
}
