using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>
/// The plugin routes pelvic MR to the uterus model and CT to the liver cascade, and on a held-out MR
/// phantom returns a SEG, SR and key image that dciodvfy accepts, a SEG that pydicom and RadCnn decode
/// to the same masks, volumes in the SR measurements and result.json that agree with those masks, and
/// an FGSM robustness for each segment found.
/// </summary>
[Collection(PelvisPhantomCollection.Name)]
public sealed class UterusPluginTests(PelvisPhantomFixture phantoms)
{
    [Theory]
    [InlineData("MR", "PELVIS", "Uterus")]
    [InlineData("MR", null, "Uterus")]
    [InlineData("MR", "uterus", "Uterus")]
    [InlineData("CT", "ABDOMEN", "Liver")]
    [InlineData("CT", null, "Liver")]
    public void SeriesAreRoutedByModality(string modality, string? bodyPart, string expected)
    {
        var item = SortedDicomSeries.FromFolder(phantoms.MrFolder(0)) with { Modality = modality, BodyPartExamined = bodyPart };
        Assert.Equal(expected, SegmentationPlugin.Route(item).ToString());
    }

    [Fact]
    public async Task MrOfAnotherBodyPartIsRefusedWithTheReason()
    {
        var files = Directory.GetFiles(phantoms.MrFolder(0), "*.dcm").Order(StringComparer.Ordinal).Select(p => DicomFile.Open(p)).ToList();
        foreach (var f in files)
        {
            f.Dataset.AddOrUpdate(DicomTag.BodyPartExamined, "HEAD");
        }

        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new SegmentationPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var result = await plugin.ProcessAsync(SortedDicomSeries.FromFiles(files), CancellationToken.None);
        Assert.Equal(PluginResultStatus.NotApplicable, result.Status);
        Assert.Contains("not the pelvis", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.DicomObjects);
    }

    [Fact]
    public async Task PelvicMrGivesUterusSegReportKeyImageAndResultJsonThatAgree()
    {
        // The first held-out case with a tumour, so both segments and the invasion depth are exercised where the model finds it.
        var generator = new PelvisMrGenerator();
        var index = Enumerable.Range(0, PelvisPhantomFixture.Count).First(i => generator.Generate(PelvisPhantomFixture.Seed, i).Tumour is not null);
        var truth = generator.Generate(PelvisPhantomFixture.Seed, index);
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new SegmentationPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var item = SortedDicomSeries.FromFolder(phantoms.MrFolder(index));
        var volume = await item.GetVolumeAsync(CancellationToken.None);
        var before = volume.Voxels.ToArray();
        var result = await plugin.ProcessAsync(item, CancellationToken.None);
        Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
        Assert.StartsWith("uterus", result.Message, StringComparison.Ordinal);
        // The plugin reads the series' own voxels (SharedVoxels) and must leave them as they were.
        Assert.Same(volume, await item.GetVolumeAsync(CancellationToken.None));
        Assert.True(before.AsSpan().SequenceEqual(volume.Voxels.Span), "the plugin changed the series' voxels");

        Assert.Equal(["OT", "SEG", "SR"], result.DicomObjects.Select(d => d.GetStringOrDefault(DicomTag.Modality)).Order().ToList());
        using var output = new TempDirectory("radcnn-uterus-out");
        foreach (var (ds, i) in result.DicomObjects.Select((d, i) => (d, i)))
        {
            var path = output.Combine($"object-{i}.dcm");
            new DicomFile(ds).Save(path);
            Dciodvfy.AssertClean(path);
        }

        var seg = result.DicomObjects.Single(d => d.GetStringOrDefault(DicomTag.Modality) == "SEG");
        Assert.Equal(item.StudyInstanceUid, seg.GetString(DicomTag.StudyInstanceUID));
        var segments = seg.GetSequence(DicomTag.SegmentSequence).Items.Select(s => s.GetString(DicomTag.SegmentLabel)).ToList();
        Assert.Equal(["Uterus", "Uterine tumour"], segments);
        var segPath = output.Combine("seg.dcm");
        new DicomFile(seg).Save(segPath);
        var pydicom = PydicomSeg.Labels(segPath, phantoms.MrFolder(index), output.Combine("labels.bin"));
        var files = Directory.GetFiles(phantoms.MrFolder(index), "*.dcm").Select(p => DicomFile.Open(p)).ToList();
        var radcnn = LabelledMrFolder.Read(files, DicomFile.Open(segPath).Dataset, "read-back");
        Assert.Equal(radcnn.Uterus, pydicom.Select(b => (b & 1) != 0));
        Assert.Equal(radcnn.Tumour, pydicom.Select(b => (b & 2) != 0));

        var uterusMl = radcnn.Uterus.Count(b => b) * radcnn.VoxelVolumeMl;
        var reported = result.Measurements.Single(m => m.Name == "uterine volume");
        Assert.Equal("mL", reported.Unit);
        Assert.Equal(uterusMl, reported.Value, 0);
        Assert.InRange(reported.Value, truth.UterusVolumeMl * 0.75, truth.UterusVolumeMl * 1.25);

        var uterus = result.Findings.Single(f => f.Code == "35039007");
        Assert.NotNull(uterus.Robustness);
        Assert.InRange(uterus.Robustness!.Agreement, 0, 1);
        using var json = JsonDocument.Parse(result.Files.Single(f => f.Name == "result.json").Content.ToArray());
        Assert.Equal(reported.Value, json.RootElement.GetProperty("uterusVolumeMl").GetDouble(), 1);
        var tumourReported = json.RootElement.GetProperty("tumour").GetBoolean();
        Assert.Equal(radcnn.Tumour.Contains(true), tumourReported);
        Assert.Equal(tumourReported, result.Findings.Any(f => f.Code == "108369006"));
        if (tumourReported)
        {
            var tumourMl = radcnn.Tumour.Count(b => b) * radcnn.VoxelVolumeMl;
            Assert.Equal(tumourMl, result.Measurements.Single(m => m.Name == "uterine tumour volume").Value, 1);
            Assert.InRange(result.Measurements.Single(m => m.Name == "depth of invasion").Value, 0, 1);
            Assert.NotNull(result.Findings.Single(f => f.Code == "108369006").Robustness);
        }

        Assert.Contains(result.Files, f => f.Name == "key-image.png" && f.Content.Span[..4].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
    }
}
