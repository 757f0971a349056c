using RadCnn.Plugins.Detection.Models;
using RadCnn.TestSupport;
using RadCnn.Training.Models;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Detection.Tests.Models;

/// <summary>
/// Both members run their feature maps channels-last by default; on the committed weights each output (the
/// ensemble and either member alone) is the default layout's, and so is the input gradient, up to float rounding;
/// training keeps the default layout bit for bit.
/// </summary>
[Collection(SeededForwardCollection.Name)]
public sealed class TuberculosisEnsembleTests
{
    [Theory]
    [InlineData((int)EnsembleOutput.Ensemble)]
    [InlineData((int)EnsembleOutput.AlexNet)]
    [InlineData((int)EnsembleOutput.Inception)]
    public void ChannelsLastFeatureMapsGiveTheSameOutputAndInputGradient(int output)
    {
        using var scope = NewDisposeScope();
        using var net = ModuleWeights.Load(new TuberculosisEnsemble((EnsembleOutput)output), File.ReadAllBytes(Repository.Weights));
        Assert.True(net.UseChannelsLast);
        manual_seed(5);
        var input = rand(4, 1, 96, 96);
        Assert.Null(LayoutComparison.InBothModes(net, input, on => net.UseChannelsLast = on));
    }
}
