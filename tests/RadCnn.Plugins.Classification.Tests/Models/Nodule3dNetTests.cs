using RadCnn.Plugins.Classification.Models;
using RadCnn.TestSupport;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Tests.Models;

/// <summary>
/// The 3D CNN infers with its convolutions channels-last by default (the stem's input and each inception block's
/// convolutions converted); on the committed weights that gives the default layout's logits and input gradient up
/// to float rounding, in 5D and in the trainer's flattened 4D layout; training keeps the default layout bit for bit.
/// </summary>
[Collection(SeededForwardCollection.Name)]
public sealed class Nodule3dNetTests
{
    [Theory]
    [InlineData(new long[] { 4, 3, 16, 16, 16 })]
    [InlineData(new long[] { 4, 48, 16, 16 })]
    public void ChannelsLastConvolutionsGiveTheSameOutputAndInputGradient(long[] shape)
    {
        using var scope = NewDisposeScope();
        using var net = (Nodule3dNet)ModelLoader.Load3d(File.ReadAllBytes(Path.Combine(Repository.ModelFolder, "nodule-3d.bin")));
        Assert.True(net.UseChannelsLast);
        manual_seed(5);
        var input = rand(shape);
        Assert.Null(LayoutComparison.InBothModes(net, input, on => net.UseChannelsLast = on));
    }
}
