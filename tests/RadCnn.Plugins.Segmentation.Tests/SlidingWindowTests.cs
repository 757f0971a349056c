using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Metrics;
using RadCnn.Training.Phantoms.AbdomenCt;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Tests.Inference;

/// <summary>Sliding-window inference equals whole-volume inference where it must, and covers any volume.</summary>
public sealed class SlidingWindowTests
{
    [Theory]
    [InlineData(10, 32, 0.5, new[] { 0 })]
    [InlineData(32, 32, 0.5, new[] { 0 })]
    [InlineData(80, 32, 0.5, new[] { 0, 16, 32, 48 })]
    [InlineData(70, 32, 0.25, new[] { 0, 24, 38 })]
    public void WindowsOverlapAndTheLastIsFlushWithTheEnd(int length, int patch, double overlap, int[] expected) =>
        Assert.Equal(expected, SlidingWindow.Starts(length, patch, overlap));

    [Fact]
    public async Task AVolumeOfOnePatchGivesExactlyTheNetworksOutput()
    {
        manual_seed(3);
        using var net = new UNet3D(16, 4);
        net.eval();
        var patch = (16, 32, 32);
        var values = Enumerable.Range(0, 16 * 32 * 32).Select(i => (float)((Math.Sin(i * 0.01) + 1) / 2)).ToArray();
        var volume = new CtVolume(values, 16, 32, 32, 1, 1, 1);
        var windowed = await new SlidingWindow(patch).PredictAsync(volume, 0, new ModulePatchModel(net, patch).PredictAsync, CancellationToken.None);
        using var noGrad = no_grad();
        using var direct = sigmoid(net.call(tensor(values, [1, 1, 16, 32, 32]))).flatten();
        var expected = direct.data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], windowed[i], 1e-5f);
        }
    }

    [Fact]
    public async Task SlidingWindowAgreesWithWholeVolumeInferenceOfTheTrainedLiverNetwork()
    {
        var stage = CascadeSettings.LiverStage;
        using var net = UNetLoader.Load(stage, Path.Combine(Repository.ModelFolder, "liver", "model.bin"));
        var ct = PhantomCases.FromCase(new AbdomenCtGenerator().Generate(77, 0));
        var grid = stage.PrepareWhole(ct.Hu);
        // The whole volume in one pass needs sides divisible by 8 and at least the patch: pad it.
        int Pad(int n, int p) => Math.Max(p, (n + 7) / 8 * 8);
        var (d, h, w) = (Pad(grid.Depth, stage.Patch.Depth), Pad(grid.Height, stage.Patch.Height), Pad(grid.Width, stage.Patch.Width));
        var padded = new SlidingWindow((d, h, w)).Extract(grid, (0, 0, 0), StageSpec.PadValue);
        var paddedGrid = new CtVolume(padded, d, h, w, grid.SpacingZ, grid.SpacingY, grid.SpacingX);
        Assert.True(grid.Depth > stage.Patch.Depth || grid.Height > stage.Patch.Height, "the test needs a volume larger than one window");

        var windowed = await new SlidingWindow(stage.Patch).PredictAsync(paddedGrid, StageSpec.PadValue, new ModulePatchModel(net, stage.Patch).PredictAsync, CancellationToken.None);
        var whole = await new ModulePatchModel(net, (d, h, w)).PredictAsync(padded, CancellationToken.None);
        var a = windowed.Select(p => p >= 0.5f).ToArray();
        var b = whole.Select(l => l >= 0f).ToArray();
        var dice = OverlapMetrics.Dice(a, b);
        Assert.True(dice >= 0.97, $"sliding window vs whole volume: Dice {dice:F4}");
    }
}
