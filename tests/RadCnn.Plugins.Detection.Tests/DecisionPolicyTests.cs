using System.Globalization;
using System.Text.Json.Nodes;
using RadCnn.Engine;
using RadCnn.TestSupport;
using RadCnn.Training.Inference;
using RadCnn.Training.Phantoms;
using RadCnn.Training.Provenance;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>
/// The decision comes from model.json (threshold and temperature fitted on validation), not from a
/// constant; an image unlike the training radiographs is flagged out of distribution.
/// </summary>
public sealed class DecisionPolicyTests
{
    private static readonly ChestRadiographGenerator Generator = new(size: 192);

    /// <summary>A copy of the built plugin folder (manifest, entry assembly and model/) whose model.json is edited.</summary>
    private static TempDirectory CopyWithModelJson(Action<JsonObject> edit)
    {
        var copy = new TempDirectory("radcnn-detection-policy");
        foreach (var file in new[] { "plugin.json", "RadCnn.Plugins.Detection.dll" })
        {
            File.Copy(Path.Combine(Repository.PluginFolder, file), copy.Combine(file));
        }

        Directory.CreateDirectory(copy.Combine("model"));
        File.Copy(Path.Combine(Repository.PluginFolder, "model", "model.bin"), copy.Combine("model/model.bin"));
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.PluginFolder, "model", "model.json")))!.AsObject();
        edit(card);
        File.WriteAllText(copy.Combine("model/model.json"), card.ToJsonString());
        return copy;
    }

    private static async Task<ImageReading> ReadAsync(TuberculosisPlugin plugin, PhantomCase phantom) =>
        await plugin.ReadAsync(Array.ConvertAll(phantom.Pixels, v => (float)v), phantom.Height, phantom.Width, monochrome1: false, CancellationToken.None);

    [Fact]
    public async Task TheShippedModelJsonRecordsAValidatedThresholdAndThePluginDecidesThere()
    {
        var policy = ModelPolicy.Load(Path.Combine(Repository.PluginFolder, "model", "model.json"));
        Assert.NotNull(policy.Decision);
        Assert.NotNull(policy.OutOfDistribution);
        Assert.True(policy.Decision.ValidationSamples > 0, "the threshold was not fitted on a validation split");

        // Move the recorded threshold just above and just below one radiograph's probability: the decision follows.
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        var phantom = Generator.Generate(9100, 0);
        double probability;
        await using (var shipped = new TuberculosisPlugin())
        {
            await shipped.InitializeAsync(new TestPluginContext(engine, new Dictionary<string, string?> { ["Probe"] = "false" }), CancellationToken.None);
            probability = (await ReadAsync(shipped, phantom)).Probability;
        }

        var shown = 0;
        foreach (var (threshold, positive) in new[] { (Math.Min(0.999, probability + 0.0005), false), (Math.Max(0.001, probability - 0.0005), true) })
        {
            var sideExists = positive ? threshold <= probability : threshold > probability;
            if (!sideExists)
            {
                continue; // the probability sits at an end of the range: that side cannot be shown
            }

            shown++;
            using var folder = CopyWithModelJson(card => card["decision"]!["threshold"] = threshold);
            await using var plugin = new TuberculosisPlugin();
            await plugin.InitializeAsync(new PluginTestContextFor(folder.Path, engine), CancellationToken.None);
            var read = await ReadAsync(plugin, phantom);
            Assert.Equal(probability, read.Probability, 4);
            Assert.Equal(positive, read.Positive);
        }

        Assert.True(shown > 0);
    }

    [Fact]
    public async Task AModelJsonWithoutADecisionPolicyIsRefusedAtStartUp()
    {
        using var folder = CopyWithModelJson(card => card.Remove("decision"));
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new TuberculosisPlugin();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => plugin.InitializeAsync(new PluginTestContextFor(folder.Path, engine), CancellationToken.None).AsTask());
        Assert.Contains("decision", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlankAndNoiseImagesAreFlaggedOutOfDistributionAndHeldOutPhantomsAreNot()
    {
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new TuberculosisPlugin();
        await plugin.InitializeAsync(new TestPluginContext(engine, new Dictionary<string, string?> { ["Probe"] = "false" }), CancellationToken.None);

        var blank = await plugin.ReadAsync(Enumerable.Repeat(1000f, 192 * 192).ToArray(), 192, 192, monochrome1: false, CancellationToken.None);
        var random = new Random(3);
        var noise = await plugin.ReadAsync(Enumerable.Range(0, 192 * 160).Select(_ => (float)(random.NextDouble() * 4000)).ToArray(), 192, 160, monochrome1: false, CancellationToken.None);
        Assert.True(blank.OutOfDistribution, $"blank image: distance {blank.DistributionDistance}");
        Assert.True(noise.OutOfDistribution, $"noise image: distance {noise.DistributionDistance}");

        var flagged = 0;
        for (var i = 0; i < 20; i++)
        {
            flagged += (await ReadAsync(plugin, Generator.Generate(9200, i))).OutOfDistribution ? 1 : 0;
        }

        Assert.True(flagged <= 1, $"{flagged} of 20 held-out phantoms flagged out of distribution");
    }

    /// <summary>The test context on another plugin folder.</summary>
    private sealed class PluginTestContextFor(string folder, RadCnn.Abstractions.Engine.IInferenceEngine engine)
        : RadCnn.TestSupport.Plugins.PluginTestContext(folder, engine, new Dictionary<string, string?> { ["Probe"] = "false" });
}
