using System.Text.Json;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Engine;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Samples.HelloPlugin.Tests;

/// <summary>The sample on its built folder and the real engine: decisions at the validated threshold, DICOM results, refusals.</summary>
[Collection(PhantomCollection.Name)]
public sealed class HelloPluginTests(PhantomFolderFixture phantoms)
{
    private const string ReadBack =
        """
        import sys, pydicom
        def walk(items):
            for item in items:
                yield item
                if 'ContentSequence' in item:
                    yield from walk(item.ContentSequence)
        for path in sys.argv[1:]:
            ds = pydicom.dcmread(path)
            codes = set()
            if ds.Modality == 'SR':
                for item in walk(ds.ContentSequence):
                    for key in ('ConceptNameCodeSequence', 'ConceptCodeSequence'):
                        if key in item:
                            codes.add(item[key][0].CodeValue)
            print(ds.Modality, ds.SOPClassUID, ds.StudyInstanceUID, ds.get('SamplesPerPixel', 0), ds.get('Rows', 0), ','.join(sorted(codes)))
        """;

    [Fact]
    public async Task Unseen_phantoms_are_decided_at_the_validated_threshold_with_finding_report_and_heat_map()
    {
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new HelloPlugin();
        await plugin.InitializeAsync(new PluginTestContext(Sample.BuildFolder, engine), CancellationToken.None);
        using (var model = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Sample.BuildFolder, "model", "model.json"))))
        {
            var recorded = model.RootElement.GetProperty("decision").GetProperty("threshold").GetDouble();
            Assert.Equal(recorded, plugin.Decision.Threshold, 9);
            Assert.NotEqual(0.5, recorded);
        }

        var correct = 0;
        foreach (var (file, label) in phantoms.Labels)
        {
            var result = await plugin.ProcessAsync(DicomSeries.FromFile(file), CancellationToken.None);
            Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
            var finding = Assert.Single(result.Findings);
            Assert.Equal("56717001", finding.Code);
            Assert.NotNull(finding.Robustness);
            var positive = plugin.Decision.IsPositive(finding.Probability);
            Assert.Contains(positive ? ", positive," : ", negative,", result.Message, StringComparison.Ordinal);
            correct += positive == (label == "tuberculosis") ? 1 : 0;
        }

        // 40 phantoms of a seed training never saw; the committed model's held-out accuracy is 0.975.
        Assert.True(correct >= 36, $"{correct} of {phantoms.Labels.Count} phantoms decided correctly");

        using var output = new TempDirectory("radcnn-hello-out");
        var source = DicomFile.Open(phantoms.First("tuberculosis")).Dataset;
        var written = await plugin.ProcessAsync(DicomSeries.FromFile(phantoms.First("tuberculosis")), CancellationToken.None);
        Assert.Equal(["heatmap-1.png"], written.Files.Select(f => f.Name));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, written.Files[0].Content[..4].ToArray());
        var paths = written.DicomObjects.Select((ds, i) => output.Combine($"result-{i}.dcm")).ToArray();
        foreach (var (ds, path) in written.DicomObjects.Zip(paths))
        {
            new DicomFile(ds).Save(path);
            Sample.AssertDciodvfyClean(path);
        }

        var python = Peers.RunPython(ReadBack, paths);
        Assert.True(python.ExitCode == 0, python.Combined);
        var lines = python.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).OrderBy(p => p[0], StringComparer.Ordinal).ToList();
        var study = source.GetString(DicomTag.StudyInstanceUID);
        // The heat-map key image (a colour Secondary Capture, at least the source's size) and the SR naming the finding, both in the source's study.
        Assert.Equal(["OT", "1.2.840.10008.5.1.4.1.1.7", study, "3"], lines[0][..4]);
        Assert.True(int.Parse(lines[0][4], System.Globalization.CultureInfo.InvariantCulture) >= source.GetSingleValueOrDefault(DicomTag.Rows, 0), lines[0][4]);
        Assert.Equal("SR", lines[1][0]);
        Assert.Equal(study, lines[1][2]);
        Assert.Contains("56717001", lines[1][5].Split(','));
    }

    [Theory]
    [InlineData("ds.Modality = 'CT'", "refused: modality CT is not among the manifest's modalities (CR, DX)")]
    [InlineData("ds.BodyPartExamined = 'HAND'", "refused: body part HAND is not among the manifest's body parts (CHEST)")]
    [InlineData("ds.ViewPosition = 'LL'", "refused: view position LL is a lateral view")]
    public async Task A_radiograph_it_cannot_read_is_refused_with_the_reason(string change, string reason)
    {
        using var dir = new TempDirectory("radcnn-hello-bad");
        var path = dir.Combine("bad.dcm");
        var python = Peers.RunPython(
            $"""
            import sys, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            {change}
            ds.save_as(sys.argv[2])
            """,
            phantoms.First("tuberculosis"),
            path);
        Assert.True(python.ExitCode == 0, python.Combined);
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new HelloPlugin();
        await plugin.InitializeAsync(new PluginTestContext(Sample.BuildFolder, engine), CancellationToken.None);

        var result = await plugin.ProcessAsync(DicomSeries.FromFile(path), CancellationToken.None);

        Assert.Equal(PluginResultStatus.NotApplicable, result.Status);
        Assert.StartsWith(reason, result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Findings);
        Assert.Empty(result.DicomObjects);
    }
}
