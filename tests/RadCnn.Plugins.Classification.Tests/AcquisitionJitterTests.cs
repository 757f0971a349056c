using RadCnn.Plugins.Classification.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>The training-time scanner variation of both networks: a different acquisition per sample, the nodule kept, inference untouched.</summary>
public sealed class AcquisitionJitterTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void EachSampleGetsItsOwnAcquisitionAndKeepsItsNodule(int spatial)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        const int batch = 16;
        const int side = 16;
        // Lung (0.1 of the window) with a ball of soft tissue (0.7) in the middle, the same in every sample and channel.
        var shape = spatial == 3 ? new long[] { batch, 3, side, side, side } : [batch, 3, side, side];
        var grid = spatial == 3 ? new long[] { side, side, side } : [side, side];
        var coordinates = grid.Select(n => arange(n, dtype: ScalarType.Float32) - (side / 2)).ToArray();
        var mesh = meshgrid(coordinates, indexing: "ij");
        var radius2 = mesh.Select(m => m * m).Aggregate((a, b) => a + b);
        var image = where(radius2 <= 16, tensor(0.7f), tensor(0.1f));
        var input = image.expand(shape).contiguous();

        var output = AcquisitionJitter.Apply(input);

        Assert.Equal(input.shape, output.shape);
        Assert.True(output.min().item<float>() >= 0 && output.max().item<float>() <= 1, "outside the input range 0..1");
        var difference = (output - input).abs();
        Assert.True(difference.mean().item<float>() is > 0.002f and < 0.08f, $"mean change {difference.mean().item<float>():F4}");

        // Different acquisitions: no two samples of the identical input come out the same.
        var flat = output.reshape(batch, -1);
        for (var i = 1; i < batch; i++)
        {
            Assert.True((flat[i] - flat[0]).abs().max().item<float>() > 1e-3, $"sample {i} equals sample 0");
        }

        // The nodule stays far brighter than the lung around it in every sample.
        var inside = (radius2 <= 4).to(ScalarType.Float32);
        var outside = (radius2 >= 36).to(ScalarType.Float32);
        var dims = Enumerable.Range(2, spatial).Select(d => (long)d).ToArray();
        var contrast = ((output * inside).sum(dims) / inside.sum()) - ((output * outside).sum(dims) / outside.sum());
        Assert.True(contrast.min().item<float>() > 0.4f, $"contrast fell to {contrast.min().item<float>():F3}");
    }

    [Fact]
    public void InferenceNeverJitters()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var net = new Nodule3dNet();
        net.eval();
        var input = rand([4, 3, 16, 16, 16]);
        using var noGrad = no_grad();
        var first = net.call(input);
        var second = net.call(input);
        Assert.Equal(0f, (first - second).abs().max().item<float>());
    }
}
