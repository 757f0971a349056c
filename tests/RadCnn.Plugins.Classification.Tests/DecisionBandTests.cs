using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.Results;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;
using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// Thresholds by pixel spacing: the same weights score finer scans differently, so decision.json holds bands
/// calibrated on validation scans of the 512 (fine) and 256 (medium) matrices beside the 128 (coarse) one,
/// and the plugin picks the band by the series' in-plane pixel spacing; a file without bands behaves as before.
/// </summary>
public sealed class DecisionBandTests
{
    /// <summary>1.1.0's decision.json: top-level thresholds only.</summary>
    private const string WithoutBands = """
        {
          "noduleThreshold": 0.3063,
          "malignancyThreshold": 0.4755,
          "source": "validation scans: 40 chest-ct phantoms of seed 2"
        }
        """;

    [Fact]
    public void TheDecisionFileIsPinnedSoTheHostRefusesAnotherOne()
    {
        // Thresholds decide as much as the weights: plugin.json pins decision.json beside them, so a changed file
        // stops the plugin from loading (and result.json names the file's SHA-256 with the weights').
        var manifest = PluginManifest.Load(Repository.PluginFolder);
        var pinned = Assert.Single(manifest.Models, m => m.Name == "decision");
        Assert.Equal($"model/{Decision.FileName}", pinned.Path);

        using var copy = new TempDirectory("radcnn-classification-pin");
        foreach (var file in Directory.GetFiles(Repository.PluginFolder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.Path, Path.GetRelativePath(Repository.PluginFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Assert.Empty(manifest.VerifyFiles(copy.Path));
        File.WriteAllText(Path.Combine(copy.Path, "model", Decision.FileName), WithoutBands);
        var error = Assert.Single(manifest.VerifyFiles(copy.Path));
        Assert.Contains("models[decision]", error);
        PinDecision(copy.Path);
        Assert.Empty(PluginManifest.Load(copy.Path).VerifyFiles(copy.Path));
    }

    [Fact]
    public void TheBandIsChosenByInPlanePixelSpacing()
    {
        var decision = new Decision
        {
            NoduleThreshold = 0.31,
            MalignancyThreshold = 0.48,
            Source = "top",
            Bands =
            [
                new DecisionBand { Name = "fine", MaxPixelSpacingMm = 2.0, NoduleThreshold = 0.21, MalignancyThreshold = 0.12, Source = "fine scans" },
                new DecisionBand { Name = "coarse", MinPixelSpacingMm = 2.0, MaxPixelSpacingMm = 4.0, NoduleThreshold = 0.33, MalignancyThreshold = 0.47, Source = "coarse scans" },
            ],
        };

        foreach (var spacing in new[] { 0.6, 0.9, 1.2, 1.99 })
        {
            var fine = decision.For(spacing);
            Assert.Equal("fine", fine.Band);
            Assert.Equal((0.21, 0.12), (fine.NoduleThreshold, fine.MalignancyThreshold));
            Assert.Contains("fine scans", fine.Source, StringComparison.Ordinal);
        }

        foreach (var spacing in new[] { 2.0, 2.4, 3.6 })
        {
            var coarse = decision.For(spacing);
            Assert.Equal("coarse", coarse.Band);
            Assert.Equal((0.33, 0.47), (coarse.NoduleThreshold, coarse.MalignancyThreshold));
        }

        // Beyond every band: the top-level thresholds.
        var beyond = decision.For(5.0);
        Assert.Null(beyond.Band);
        Assert.Equal((0.31, 0.48, "top"), (beyond.NoduleThreshold, beyond.MalignancyThreshold, beyond.Source));
    }

    [Fact]
    public void AFileWithoutBandsGivesItsThresholdsAtEverySpacing()
    {
        var decision = JsonSerializer.Deserialize<Decision>(WithoutBands)!;
        Assert.Null(decision.Bands);
        foreach (var spacing in new[] { 0.6, 0.9, 1.5, 2.4, 3.6 })
        {
            Assert.Same(decision, decision.For(spacing));
        }

        // Written back, it is still a file without bands (what a reader of 1.1.0's format expects).
        Assert.DoesNotContain("bands", JsonSerializer.Serialize(decision), StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedFileHasAFineBandForTheIssuesSpacingAndKeepsTheCoarseThresholdsAtTheTopLevel()
    {
        var shipped = Decision.Load(Repository.PluginFolder);
        Assert.NotNull(shipped.Bands);

        // Each matrix's phantoms get the band calibrated on that matrix: 512 (0.6-0.9 mm, real chest CT's spacing) the
        // fine band, 256 (1.2-1.8 mm) the medium one, 128 (2.4-3.6 mm, where the top-level thresholds were calibrated)
        // the coarse band, equal to the top level.
        foreach (var spacing in new[] { 0.6, 0.75, 0.9 })
        {
            Assert.Equal("fine", shipped.For(spacing).Band);
        }

        foreach (var spacing in new[] { 1.2, 1.5, 1.8 })
        {
            Assert.Equal("medium", shipped.For(spacing).Band);
        }

        foreach (var spacing in new[] { 2.4, 3.0, 3.6 })
        {
            var coarse = shipped.For(spacing);
            Assert.Equal("coarse", coarse.Band);
            Assert.Equal((shipped.NoduleThreshold, shipped.MalignancyThreshold), (coarse.NoduleThreshold, coarse.MalignancyThreshold));
        }

        Assert.Equal(3, new[] { 0.75, 1.5, 3.0 }.Select(x => shipped.For(x).MalignancyThreshold).Distinct().Count());

        // Both model cards carry the same decision block as decision.json.
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.ModelFolder, Decision.FileName)));
        foreach (var card in new[] { "nodule-3d.json", "nodule-2d.json" })
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.ModelFolder, card)));
            Assert.Equal(file.RootElement.GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal),
                json.RootElement.GetProperty("decision").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AFineSeriesIsDecidedAtTheFineBandAndWithoutBandsAtTheSingleThresholds()
    {
        // A held-out case drawn at 512x512 (0.6-0.9 mm pixels), 32 slices to stay fast.
        var generator = new ChestCtGenerator(ChestCtStyle.Standard, 512, 32);
        var phantom = generator.Generate(ChestCtFixture.Seed + 2, 0);
        Assert.InRange(phantom.PixelSpacing, 0.6, 0.9);
        var datasets = ChestCtDicomWriter.ToDatasets(phantom, ChestCtFixture.Seed + 2, 0, DateTimeOffset.UtcNow);
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        var shipped = Decision.Load(Repository.PluginFolder);
        var fine = shipped.For(phantom.PixelSpacing);

        var banded = await ResultJsonAsync(Repository.PluginFolder);
        Assert.Equal("fine", banded.GetProperty("thresholdBand").GetString());
        Assert.Equal(phantom.PixelSpacing, banded.GetProperty("pixelSpacingMm").GetDouble(), 3);
        Assert.Equal(fine.NoduleThreshold, banded.GetProperty("noduleThreshold").GetDouble());
        Assert.Equal(fine.MalignancyThreshold, banded.GetProperty("malignancyThreshold").GetDouble());
        AssertDecidedAt(banded, fine.NoduleThreshold, fine.MalignancyThreshold);

        // The same series with 1.1.0's file (no bands) in a copy of the plugin folder: the single thresholds, as before bands.
        using var old = new TempDirectory("radcnn-classification-nobands");
        foreach (var file in Directory.GetFiles(Repository.PluginFolder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(old.Path, Path.GetRelativePath(Repository.PluginFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(old.Path, "model", Decision.FileName), WithoutBands);
        PinDecision(old.Path);
        var single = await ResultJsonAsync(old.Path);
        Assert.Equal(JsonValueKind.Null, single.GetProperty("thresholdBand").ValueKind);
        Assert.Equal(0.3063, single.GetProperty("noduleThreshold").GetDouble());
        Assert.Equal(0.4755, single.GetProperty("malignancyThreshold").GetDouble());
        AssertDecidedAt(single, 0.3063, 0.4755);
        Assert.Equal(banded.GetProperty("candidates").GetInt32(), single.GetProperty("candidates").GetInt32());

        async Task<JsonElement> ResultJsonAsync(string folder)
        {
            await using var plugin = new NodulePlugin();
            await plugin.InitializeAsync(new PluginTestContext(folder, (IInferenceEngine)engine, new Dictionary<string, string?> { ["Probe"] = "false" }), CancellationToken.None);
            var result = await plugin.ProcessAsync(CtSeriesItem.FromDatasets(datasets), CancellationToken.None);
            Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
            using var json = JsonDocument.Parse(result.Files.Single(f => f.Name == "result.json").Content);
            return json.RootElement.Clone();
        }
    }

    /// <summary>Pins a plugin folder's decision file as it now is (as `bench/classification/run calibrate --write` does).</summary>
    private static void PinDecision(string folder)
    {
        var manifestPath = Path.Combine(folder, "plugin.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        var decision = manifest["models"]!.AsArray().Single(m => (string?)m!["name"] == "decision")!;
        decision["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "model", Decision.FileName))));
        File.WriteAllText(manifestPath, manifest.ToJsonString());
    }

    /// <summary>Every reported nodule reaches the nodule threshold and is called malignant exactly when it reaches the malignancy one.</summary>
    private static void AssertDecidedAt(JsonElement result, double nodule, double malignancy)
    {
        foreach (var reported in result.GetProperty("nodules").EnumerateArray())
        {
            Assert.True(reported.GetProperty("noduleProbability").GetDouble() >= nodule - 1e-4);
            var p = reported.GetProperty("malignancyProbability").GetDouble();
            if (Math.Abs(p - malignancy) < 1e-4)
            {
                continue; // rounded to 4 decimals in result.json: too close to call here
            }

            Assert.Equal(p >= malignancy ? "malignant" : "benign", reported.GetProperty("decision").GetString());
        }
    }
}
