using Xunit.Abstractions;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>
/// The uterus networks on the second, deliberately different generator (`radcnn phantom pelvis-mr
/// --generator alternate`: fat-suppressed T2, fibroids, surface-coil field, ghosting), which no network
/// trained on: a small subset (4 cases, seed 9101) of `bench/segmentation/run --uterus --generator
/// alternate`. The shipped network learned the uterus as intermediate signal inside bright fat and finds
/// nothing where fat is dark (0.00 on 8 cases of seed 9001); the network trained with random tissue
/// contrast and coil fields (`model/uterus-contrast`, not shipped because it loses Dice on the T2
/// phantoms) finds part of it. The bars come from the README's measured figures with a margin for four cases.
/// </summary>
public sealed class UterusSecondGeneratorTests(AlternatePelvisPhantomFixture phantoms, ITestOutputHelper output) : IClassFixture<AlternatePelvisPhantomFixture>
{
    /// <summary>Mean uterus Dice the contrast-trained network must reach (measured: 0.419, 95% CI 0.330-0.494, on 8 cases of seed 9001; the bar is that lower bound less a margin for four cases, far above the shipped network's 0.00).</summary>
    private const double ContrastNetworkBar = 0.25;

    /// <summary>Mean uterus Dice the shipped network stays under (measured: 0.00 on 8 cases of seed 9001): the failure the README states.</summary>
    private const double ShippedNetworkCeiling = 0.15;

    [Fact]
    public async Task ContrastTrainedNetworkFindsTheUterusOnTheSecondGenerator()
    {
        var metrics = await ShippedUterusModel.EvaluateAsync(phantoms.Folder, "uterus-contrast", Path.Combine("uterus-contrast", "uterus.json"));
        Assert.Equal(AlternatePelvisPhantomFixture.Count, metrics.Count);
        var mean = metrics.Average(m => m.UterusDice);
        output.WriteLine(FormattableString.Invariant($"contrast-trained network: mean uterus Dice {mean:F3} ({ShippedUterusModel.Describe(metrics)})"));
        Assert.True(mean >= ContrastNetworkBar, $"second generator, contrast-trained network: uterus Dice {mean:F3} < {ContrastNetworkBar} ({ShippedUterusModel.Describe(metrics)})");
    }

    [Fact]
    public async Task ShippedNetworkFailsOnTheSecondGeneratorAsTheReadmeStates()
    {
        var metrics = await ShippedUterusModel.EvaluateAsync(phantoms.Folder);
        Assert.Equal(AlternatePelvisPhantomFixture.Count, metrics.Count);
        var mean = metrics.Average(m => m.UterusDice);
        output.WriteLine(FormattableString.Invariant($"shipped network: mean uterus Dice {mean:F3} ({ShippedUterusModel.Describe(metrics)})"));
        Assert.True(mean < ShippedNetworkCeiling, $"second generator, shipped network: uterus Dice {mean:F3} is no longer under {ShippedNetworkCeiling}: update the README's figures ({ShippedUterusModel.Describe(metrics)})");
    }
}
