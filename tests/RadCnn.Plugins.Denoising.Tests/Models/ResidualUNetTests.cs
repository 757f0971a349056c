using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Denoising.Models;
using RadCnn.Plugins.Denoising.Tests.Support;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Tests.Models;

/// <summary>
/// The three-pooling U-Net (candidate `denoising-unet3`): it keeps the two-level network's parameter
/// names and adds only its own level (so the shipped two-level weights keep loading), returns the
/// input's shape, and the plugin refuses a tile side its three poolings cannot halve three times.
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
}
