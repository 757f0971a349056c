using Xunit.Abstractions;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>
/// The uterus networks on the second, deliberately different generator (`radcnn phantom pelvis-mr
/// --generator alternate`: fat-suppressed T2, fibroids, surface-coil field, ghosting), which no network
/// trained on: a small subset (4 cases, seed 9101) of `bench/segmentation/run --uterus --generator
/// alternate`. Plugin 1.1.0's network learned the uterus as intermediate signal inside bright fat and
/// found nothing where fat is dark (0.00 on 8 cases of seed 9001); the shipped network (1.2.0, trained on
/// with random tissue contrast on a fifth of its volumes) and the contrast-trained experiment
/// (`model/uterus-contrast`) find part of it. The bars come from the README's measured figures with a
/// margin for four cases.
/// </summary>
public sealed class UterusSecondGeneratorTests(AlternatePelvisPhantomFixture phantoms, ITestOutputHelper output) : IClassFixture<AlternatePelvisPhantomFixture>
{
    /// <summary>Mean uterus Dice the contrast-trained network must reach (measured: 0.419, 95% CI 0.330-0.494, on 8 cases of seed 9001; the bar is that lower bound less a margin for four cases, far above the shipped network's 0.00).</summary>
    private const double ContrastNetworkBar = 0.25;

    /// <summary>Mean uterus Dice the shipped network must reach (measured: 0.438, 95% CI 0.385-0.506, on 8 cases of seed 9001, 0.62 on these four; 1.1.0's network: 0.00).</summary>
    private const double ShippedNetworkBar = 0.30;

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
    public async Task ShippedNetworkFindsTheUterusOnTheSecondGenerator()
    {
        var metrics = await ShippedUterusModel.EvaluateAsync(phantoms.Folder);
        Assert.Equal(AlternatePelvisPhantomFixture.Count, metrics.Count);
        var mean = metrics.Average(m => m.UterusDice);
        output.WriteLine(FormattableString.Invariant($"shipped network: mean uterus Dice {mean:F3} ({ShippedUterusModel.Describe(metrics)})"));
        Assert.True(mean >= ShippedNetworkBar, $"second generator, shipped network: uterus Dice {mean:F3} < {ShippedNetworkBar} ({ShippedUterusModel.Describe(metrics)})");
    }
}
