using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.TestSupport;
using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>The plugin through ProcessAsync on phantom series: nodules with place, size, probability, robustness, key images, SR and result.json.</summary>
[Collection(ChestCtCollection.Name)]
public sealed class PluginOutputTests(ChestCtFixture phantoms)
{
    [Fact]
    public async Task ASeriesWithNodulesGivesLocatedNodulesKeyImagesAndReportThatPassDciodvfyAndDsrdump()
    {
        // The series with the most nodules of the held-out set.
        var id = phantoms.Nodules.GroupBy(n => n.Series).OrderByDescending(g => g.Count()).First().Key;
        var truth = phantoms.Nodules.Where(n => n.Series == id).ToList();
        var files = phantoms.Files(phantoms.Series.Single(s => Path.GetFileName(s) == id));
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new NodulePlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var item = CtSeriesItem.FromFiles(files);
        var volume = await item.GetVolumeAsync(CancellationToken.None);
        var before = volume.Voxels.ToArray();
        var result = await plugin.ProcessAsync(item, CancellationToken.None);

        Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
        // The plugin reads the series' own voxels (SharedVoxels) and must leave them as they were.
        var after = await item.GetVolumeAsync(CancellationToken.None);
        Assert.Same(volume, after);
        Assert.Equal(before, after.Voxels.ToArray());
        Assert.NotEmpty(result.Findings);
        foreach (var finding in result.Findings)
        {
            Assert.Equal("27925004", finding.Code);
            Assert.InRange(finding.Probability, 0, 1);
            Assert.NotNull(finding.Robustness);
            Assert.NotNull(finding.Location);
        }

        // At least one reported nodule lies on a true nodule, at its centre within the radius.
        Assert.Contains(result.Findings, f => truth.Any(t => Distance(f.Location!.Value, t) <= Math.Max(t.Diameter / 2, 4)));
        Assert.Equal(result.Findings.Count, result.Measurements.Count);
        Assert.All(result.Measurements, m => Assert.InRange(m.Value, 2, 40));
        var keyImages = result.Files.Where(f => f.MediaType == "image/png").ToList();
        Assert.Equal(result.Findings.Count, keyImages.Count);
        using var json = JsonDocument.Parse(result.Files.Single(f => f.Name == "result.json").Content);
        Assert.Equal(result.Findings.Count, json.RootElement.GetProperty("nodules").GetArrayLength());
        // Each finding's robustness is the probe of its reported call; the 3D model's own argmax probe is kept beside it.
        foreach (var (nodule, finding) in json.RootElement.GetProperty("nodules").EnumerateArray().Zip(result.Findings))
        {
            var robustness = nodule.GetProperty("robustness");
            Assert.Equal("reported decision", robustness.GetProperty("of").GetString());
            Assert.Equal(finding.Robustness!.FlipsAtEpsilon, robustness.GetProperty("flips").GetBoolean());
            Assert.Equal("3D model argmax", nodule.GetProperty("robustness3d").GetProperty("of").GetString());
        }


        var modalities = result.DicomObjects.Select(d => d.GetStringOrDefault(DicomTag.Modality)).ToList();
        Assert.Equal(result.Findings.Count, modalities.Count(m => m == "OT"));
        Assert.Equal(1, modalities.Count(m => m == "SR"));
        using var output = new TempDirectory("radcnn-classification-out");
        var study = files[0].Dataset.GetString(DicomTag.StudyInstanceUID);
        foreach (var (ds, i) in result.DicomObjects.Select((d, i) => (d, i)))
        {
            Assert.Equal(study, ds.GetString(DicomTag.StudyInstanceUID));
            var path = output.Combine($"object-{i}.dcm");
            new DicomFile(ds).Save(path);
            AssertNoDciodvfyErrors(path);
            if (ds.GetStringOrDefault(DicomTag.Modality) == "SR")
            {
                var dump = Peers.Run(Peers.Require("dsrdump", "dcmtk"), [path]);
                Assert.True(dump.ExitCode == 0, dump.Combined);
                Assert.Contains("Nodule", dump.StandardOutput, StringComparison.Ordinal);
                Assert.Contains("Diameter", dump.StandardOutput, StringComparison.Ordinal);

                // Each nodule's centre as a 3D point in the series' frame of reference.
                Assert.Equal(DicomUid.Comprehensive3DSRStorage.Value, ds.GetString(DicomTag.SOPClassUID));
                Assert.Equal(result.Findings.Count, dump.StandardOutput.Split("SCOORD3D:").Length - 1);
            }
        }
    }

    [Fact]
    public async Task AScanWithoutNodulesSaysSo()
    {
        // The first held-out phantom drawn without nodules (about one in seven is), written as DICOM in memory.
        var generator = new ChestCtGenerator(ChestCtStyle.Standard);
        var index = Enumerable.Range(0, 100).First(i => generator.Generate(ChestCtFixture.Seed + 1, i).Nodules.Count == 0);
        var datasets = ChestCtDicomWriter.ToDatasets(generator.Generate(ChestCtFixture.Seed + 1, index), ChestCtFixture.Seed + 1, index, DateTimeOffset.UtcNow);
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using (var plugin = new NodulePlugin())
        {
            // At the validation threshold (one false positive per scan on average) a few look-alikes may be reported.
            await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
            var result = await plugin.ProcessAsync(CtSeriesItem.FromDatasets(datasets), CancellationToken.None);
            Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
            Assert.True(result.Findings.Count <= 3, result.Message);
        }

        // A site that sets a strict nodule threshold gets a result that says no nodule was found.
        await using var strict = new NodulePlugin();
        await strict.InitializeAsync(new TestPluginContext((IInferenceEngine)engine, new Dictionary<string, string?> { ["NoduleThreshold"] = "0.999", ["Probe"] = "false" }), CancellationToken.None);
        var none = await strict.ProcessAsync(CtSeriesItem.FromDatasets(datasets), CancellationToken.None);
        Assert.True(none.Status == PluginResultStatus.Succeeded, none.Message);
        Assert.Empty(none.Findings);
        Assert.Contains("no lung nodule found", none.Message, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(none.Files.Single(f => f.Name == "result.json").Content);
        Assert.Equal("no lung nodule found", json.RootElement.GetProperty("message").GetString());
        var sr = Assert.Single(none.DicomObjects);
        using var output = new TempDirectory("radcnn-classification-empty");
        var path = output.Combine("sr.dcm");
        new DicomFile(sr).Save(path);
        AssertNoDciodvfyErrors(path);
        var dump = Peers.Run(Peers.Require("dsrdump", "dcmtk"), [path]);
        Assert.Contains("No lung nodule found", dump.StandardOutput, StringComparison.Ordinal);
    }

    private static double Distance(RadCnn.Abstractions.WorkItems.Vector3D a, ChestCtFixture.TruthRow t) =>
        Math.Sqrt(((a.X - t.X) * (a.X - t.X)) + ((a.Y - t.Y) * (a.Y - t.Y)) + ((a.Z - t.Z) * (a.Z - t.Z)));

    private static void AssertNoDciodvfyErrors(string path)
    {
        var result = Peers.Run(Peers.Require("dciodvfy", "dicom3tools"), [path]);
        var lines = result.Combined.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, $"dciodvfy reported errors for {Path.GetFileName(path)}:\n{string.Join('\n', lines)}");
    }
}
