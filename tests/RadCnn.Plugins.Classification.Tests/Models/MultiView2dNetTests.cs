using RadCnn.Plugins.Classification.Models;
using RadCnn.TestSupport;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Tests.Models;

/// <summary>
/// The multi-view stream runs its feature maps channels-last by default; on the committed weights that gives the
/// default layout's logits and input gradient up to float rounding, in evaluation mode; training keeps the default layout bit for bit.
/// </summary>
[Collection(SeededForwardCollection.Name)]
public sealed class MultiView2dNetTests
{
    [Fact]
    public void ChannelsLastFeatureMapsGiveTheSameOutputAndInputGradient()
    {
        using var scope = NewDisposeScope();
        using var net = (MultiView2dNet)ModelLoader.Load2d(File.ReadAllBytes(Path.Combine(Repository.ModelFolder, "nodule-2d.bin")));
        Assert.True(net.UseChannelsLast);
        manual_seed(5);
        var input = rand(4, 3, 32, 32);
        Assert.Null(LayoutComparison.InBothModes(net, input, on => net.UseChannelsLast = on));
    }
}
