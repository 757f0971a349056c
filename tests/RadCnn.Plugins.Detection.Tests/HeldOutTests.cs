using RadCnn.Engine;
using RadCnn.Training.Inference;
using RadCnn.Training.Metrics;
using RadCnn.Training.Phantoms;
using Xunit.Abstractions;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>
/// The shipped model through the plugin's own path (validated threshold, the engine's FGSM probe) on
/// phantoms of a seed no training or calibration used, and on the independent second generator, which
/// no training ever used. The bars are issue 17's with a margin for the small counts; the full figures
/// come from bench/detection/run.
/// </summary>
public sealed class HeldOutTests(ITestOutputHelper output)
{
    private const int Seed = 6060;
    private const int Count = 40;

    [Fact]
    public async Task HeldOutPhantomsAreReadRobustlyAndTheSecondGeneratorIsNotCalledTuberculosisWholesale()
    {
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new TuberculosisPlugin();
        await plugin.InitializeAsync(new TestPluginContext(engine), CancellationToken.None);

        var phantoms = await ReadAllAsync(plugin, new ChestRadiographGenerator(size: 192));
        var alternate = await ReadAllAsync(plugin, new AlternateChestRadiographGenerator(size: 192));

        output.WriteLine($"phantoms: {phantoms}; second generator: {alternate}");
        Assert.True(phantoms.Auc >= 0.95, $"phantoms: {phantoms}");
        Assert.True(phantoms.Sensitivity >= 0.85 && phantoms.Specificity >= 0.85, $"phantoms: {phantoms}");
        Assert.True(phantoms.Flips <= 0.15, $"phantoms: {phantoms}");
        Assert.True(alternate.Auc >= 0.85, $"second generator: {alternate}");
        Assert.True(alternate.Specificity >= 0.75, $"second generator: {alternate}");
    }

    private static async Task<Figures> ReadAllAsync(TuberculosisPlugin plugin, IPhantomGenerator generator)
    {
        var readings = new List<ImageReading>();
        var labels = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            var phantom = generator.Generate(Seed, i);
            readings.Add(await plugin.ReadAsync(Array.ConvertAll(phantom.Pixels, v => (float)v), phantom.Height, phantom.Width, monochrome1: false, CancellationToken.None));
            labels.Add(phantom.Label);
        }

        var confusion = BinaryConfusion.At(readings.Select(r => r.Positive ? 1.0 : 0.0).ToList(), labels, 0.5);
        return new Figures(
            RocAnalysis.Compute(readings.Select(r => r.Probability).ToList(), labels).Auc,
            confusion.Sensitivity,
            confusion.Specificity,
            readings.Count(r => r.Robustness!.FlipsAtEpsilon) / (double)Count);
    }

    private sealed record Figures(double Auc, double Sensitivity, double Specificity, double Flips)
    {
        public override string ToString() => FormattableString.Invariant($"AUC {Auc:F3}, sensitivity {Sensitivity:F2}, specificity {Specificity:F2}, FGSM flips {Flips:P0}");
    }
}
