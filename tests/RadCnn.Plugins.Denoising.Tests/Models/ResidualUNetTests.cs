using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Denoising.Models;
using RadCnn.Plugins.Denoising.Tests.Support;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Tests.Models;

/// <summary>
/// The three-pooling U-Net (candidate `denoising-unet3`): it keeps the two-level network's parameter
/// names and adds only its own level (so the shipped two-level weights keep loading), returns the
/// input's shape, and the plugin refuses a tile side its three poolings cannot halve three times. The mean-centred
/// U-Net (candidate `denoising-unet-mc`) has the shipped network's parameters and passes a uniform offset exactly
/// whatever its weights, which the plain U-Net with the same (shipped) weights does not.
/// </summary>
public sealed class ResidualUNetTests
{
    [Fact]
    public void TheThirdLevelAddsItsOwnLayersAndKeepsTheShape()
    {
        using var scope = NewDisposeScope();
        using var shallow = new ResidualUNet();
        using var deep = new ResidualUNet(levels: 3);
        var shallowNames = shallow.state_dict().Keys.ToHashSet();
        var deepNames = deep.state_dict().Keys.ToHashSet();
        Assert.Superset(shallowNames, deepNames);
        Assert.Equal(["down3", "merge3", "up3"], deepNames.Except(shallowNames).Select(n => n.Split('.')[0]).Distinct().Order());
        using var noGrad = no_grad();
        var input = rand(1, 1, 40, 40);
        Assert.Equal(input.shape, deep.call(input).shape);
    }

    [Theory]
    [InlineData(ModelLoader.MeanCentredUNetName, "unet-mc.bin")]
    [InlineData(ModelLoader.TexturedMeanCentredUNetName, "unet-mc-textured.bin")]
    [InlineData(ModelLoader.UNetName, "unet.bin")]
    [InlineData(ModelLoader.RedName, "model.bin")]
    public void ChannelsLastFeatureMapsGiveTheSameOutputAndInputGradient(string name, string file)
    {
        using var scope = NewDisposeScope();
        using var net = ModelLoader.Load(name, File.ReadAllBytes(Path.Combine(Repository.PluginFolder, "model", file)));
        net.eval();
        // A seeded input: how many ReLU units sit within rounding of their kink depends on the input, so an unseeded
        // one made the whole-gradient bound fail now and then (1.05e-3 once for unet-mc) without any layout fault.
        using var generator = new Generator(11);
        var input = rand([2, 1, 64, 64], generator: generator).mul(0.05).add(0.25);

        (Tensor Output, Tensor Gradient) Run(bool channelsLast)
        {
            ModelLoader.SetChannelsLast(net, channelsLast);
            var x = input.clone().requires_grad_(true);
            var y = net.call(x);
            y.square().sum().backward();
            return (y.detach(), x.grad!.detach());
        }

        var (plainOutput, plainGradient) = Run(channelsLast: false);
        var (lastOutput, lastGradient) = Run(channelsLast: true);
        // 4000 HU per input unit: 1e-6 is 0.004 HU, float rounding of a different summation order.
        Assert.True(lastOutput.allclose(plainOutput, rtol: 0, atol: 1e-6), $"outputs differ by {lastOutput.sub(plainOutput).abs().max().item<float>()}");
        // The gradient goes through ReLU's kink: where a pre-activation lies within rounding of zero, the other summation
        // order can switch that unit's gradient on or off, a local difference of a whole path (seen: 0.02 at one pixel). So
        // the gradients are compared as a whole (relative L2) and element by element outside that unit's receptive field
        // (a switched unit moves the gradient of every input pixel it sees: 108 of 8,192 in one run, so at most 5% here,
        // where a wrong layout would move nearly all of them).
        var relative = lastGradient.sub(plainGradient).norm().item<float>() / plainGradient.norm().item<float>();
        Assert.True(relative < 1e-3, $"input gradients differ by {relative:E2} (relative L2)");
        var offPixels = lastGradient.isclose(plainGradient, rtol: 1e-3, atol: 1e-5).logical_not().sum().item<long>();
        Assert.True(offPixels <= plainGradient.numel() / 20, $"{offPixels} of {plainGradient.numel()} gradient pixels differ beyond 1e-3 relative");
    }

    [Fact]
    public async Task TheDeepNetworkNeedsTilesOfAMultipleOfEight()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new DenoisingPlugin();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await plugin.InitializeAsync(
            new TestPluginContext((IInferenceEngine)engine, new Dictionary<string, string?> { ["Model"] = ModelLoader.DeepUNetName, ["Tile"] = "36", ["Overlap"] = "8" }),
            CancellationToken.None));
        Assert.Contains("multiple of 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMeanCentredNetworkPassesAUniformOffsetWhateverItsWeights()
    {
        using var scope = NewDisposeScope();
        // The shipped U-Net's weights in both: the same file format, and a trained network to compare with.
        var weights = File.ReadAllBytes(Path.Combine(Repository.PluginFolder, "model", "unet.bin"));
        using var centred = ModelLoader.Load(ModelLoader.MeanCentredUNetName, weights);
        using var plain = ModelLoader.Load(ModelLoader.UNetName, weights);
        Assert.Equal(plain.state_dict().Keys.Order(), centred.state_dict().Keys.Order());
        using var noGrad = no_grad();
        var input = rand(2, 1, 48, 48).mul(0.2).add(0.2);
        const double Offset = 0.02;

        double Moved(nn.Module<Tensor, Tensor> net) => (net.call(input.add(Offset)) - net.call(input)).sub(Offset).abs().max().item<float>();

        Assert.True(Moved(centred) < 1e-5, $"the mean-centred network moved an offset by {Moved(centred)} more or less than the offset");
        Assert.True(Moved(plain) > 1e-4, $"the plain network with the same weights moved it by only {Moved(plain)} more or less than the offset");
    }
}
