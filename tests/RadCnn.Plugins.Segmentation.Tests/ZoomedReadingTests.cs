using System.Globalization;
using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>
/// The zoomed mass reading through the plugin on a 256-pixel series (1.5-1.7 mm pixels, fine enough for it to run): the
/// masses it adds are reported as such, probed on the zoomed grid, and written into SEG and SR like every mass; switched
/// off by the plugin setting, the same series gives the single reading's masses alone.
/// </summary>
public sealed class ZoomedReadingTests
{
    // Case 1 of validation seed 501 at 256 x 256 x 96: two 16-17 mm hypodense masses that only the zoomed reading draws.
    private const int Seed = 501;

    [Fact]
    public async Task MassesOnlyTheZoomedReadingFindsAreReportedProbedAndWritten()
    {
        using var folder = new TempDirectory("radcnn-zoomed-reading");
        Cli.Run("phantom", "abdomen-ct", "--count", "2", "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--size", "256", "--slices", "96", "--out", folder.Path);
        var ct = Path.Combine(Directory.GetDirectories(folder.Path).Order(StringComparer.Ordinal).ElementAt(1), "ct");

        var (zoomed, zoomedJson) = await ProcessAsync(ct, settings: null);
        var (single, singleJson) = await ProcessAsync(ct, new Dictionary<string, string?> { ["ZoomedMassSpacingMm"] = "0" });

        var zoomedMasses = zoomedJson.GetProperty("masses").EnumerateArray().Where(m => m.GetProperty("foundBy").GetString() == "network, zoomed reading").ToList();
        Assert.NotEmpty(zoomedMasses);
        foreach (var mass in zoomedMasses)
        {
            Assert.Equal("FGSM on the mass network, zoomed grid", mass.GetProperty("robustnessMethod").GetString());
            Assert.InRange(mass.GetProperty("robustness").GetProperty("agreement").GetDouble(), 0, 1);
            Assert.InRange(mass.GetProperty("probability").GetDouble(), 0.5, 1);
        }

        Assert.Equal(1.25, zoomedJson.GetProperty("zoomedReading").GetProperty("spacingMm").GetDouble());
        Assert.Equal(JsonValueKind.Null, singleJson.GetProperty("zoomedReading").ValueKind);
        Assert.DoesNotContain(singleJson.GetProperty("masses").EnumerateArray(), m => m.GetProperty("foundBy").GetString() == "network, zoomed reading");
        Assert.Equal(singleJson.GetProperty("massCount").GetInt32() + zoomedMasses.Count, zoomedJson.GetProperty("massCount").GetInt32());

        // Every reported mass is a finding with its robustness; the summary (the SR's comment) says which the zoomed reading found.
        var massFindings = zoomed.Findings.Where(f => f.Code == "4147007").ToList();
        Assert.Equal(zoomedJson.GetProperty("massCount").GetInt32(), massFindings.Count);
        Assert.Equal(zoomedMasses.Count, zoomed.Message!.Split("(zoomed reading)").Length - 1);
        Assert.DoesNotContain("(zoomed reading)", single.Message, StringComparison.Ordinal);
        var seg = zoomed.DicomObjects.Single(d => d.GetStringOrDefault(DicomTag.Modality) == "SEG");
        using var output = new TempDirectory("radcnn-zoomed-reading-out");
        var path = output.Combine("seg.dcm");
        new DicomFile(seg).Save(path);
        Dciodvfy.AssertClean(path);
    }

    private static async Task<(PluginResult Result, JsonElement Json)> ProcessAsync(string ctFolder, IReadOnlyDictionary<string, string?>? settings)
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new SegmentationPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine, settings), CancellationToken.None);
        var result = await plugin.ProcessAsync(SortedDicomSeries.FromFolder(ctFolder), CancellationToken.None);
        Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
        using var json = JsonDocument.Parse(result.Files.Single(f => f.Name == "result.json").Content.ToArray());
        return (result, json.RootElement.Clone());
    }
}
