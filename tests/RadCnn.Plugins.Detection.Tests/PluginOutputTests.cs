using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Engine;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>The plugin on phantom DICOM files: probability, decision, robustness, SC + PNG heat map and SR, all dciodvfy-clean.</summary>
[Collection(PhantomCollection.Name)]
public sealed class PluginOutputTests(PhantomFolderFixture phantoms)
{
    [Fact]
    public async Task TuberculosisAndNormalRadiographsGiveFindingRobustnessHeatMapAndReportThatPassDciodvfy()
    {
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new TuberculosisPlugin();
        await plugin.InitializeAsync(new TestPluginContext(engine), CancellationToken.None);
        using var output = new TempDirectory("radcnn-detection-out");
        foreach (var label in new[] { "tuberculosis", "normal" })
        {
            var file = phantoms.Labels.First(l => l.Label == label).File;
            var result = await plugin.ProcessAsync(DicomSeries.FromFile(file), CancellationToken.None);
            Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
            var finding = Assert.Single(result.Findings);
            Assert.Equal("56717001", finding.Code);
            Assert.Equal("SCT", finding.CodingScheme);
            Assert.InRange(finding.Probability, 0, 1);
            Assert.NotNull(finding.Robustness);
            Assert.Contains(label == "tuberculosis" ? "positive" : "negative", result.Message, StringComparison.Ordinal);
            var png = Assert.Single(result.Files);
            Assert.Equal("image/png", png.MediaType);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.Content[..4].ToArray());
            Assert.Equal(2, result.DicomObjects.Count);
            var modalities = result.DicomObjects.Select(d => d.GetStringOrDefault(DicomTag.Modality)).Order().ToList();
            Assert.Equal(["OT", "SR"], modalities);
            foreach (var (ds, i) in result.DicomObjects.Select((d, i) => (d, i)))
            {
                var path = output.Combine($"{label}-{i}.dcm");
                new DicomFile(ds).Save(path);
                AssertNoDciodvfyErrors(path);
            }
        }
    }

    [Fact]
    public async Task ProbeCanBeSwitchedOff()
    {
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new TuberculosisPlugin();
        await plugin.InitializeAsync(new TestPluginContext(engine, new Dictionary<string, string?> { ["Probe"] = "false", ["Threshold"] = "0.7" }), CancellationToken.None);
        var result = await plugin.ProcessAsync(DicomSeries.FromFile(phantoms.Labels[0].File), CancellationToken.None);
        Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
        Assert.Null(Assert.Single(result.Findings).Robustness);
        Assert.Contains("0.70", result.Message, StringComparison.Ordinal);
        Assert.Contains("not probed", result.Message, StringComparison.Ordinal);
    }

    private static void AssertNoDciodvfyErrors(string path)
    {
        var tool = Peers.Require("dciodvfy", "dicom3tools");
        var result = Peers.Run(tool, [path]);
        var lines = (result.StandardOutput + "\n" + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, $"dciodvfy reported errors for {Path.GetFileName(path)}:\n{string.Join('\n', lines)}");
    }
}
