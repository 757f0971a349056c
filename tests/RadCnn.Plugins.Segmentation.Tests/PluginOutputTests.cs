using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>
/// The plugin end to end through ProcessAsync on a held-out phantom: SEG, SR and key image all
/// dciodvfy-clean; the SEG decoded by pydicom and by RadCnn gives the same masks, whose liver volume is
/// the one the result reports; robustness from the engine's FGSM probe.
/// </summary>
[Collection(PhantomCollection.Name)]
public sealed class PluginOutputTests(PhantomFolderFixture phantoms)
{
    [Fact]
    public async Task AbdominalCtGivesSegReportKeyImageAndResultJsonThatAgree()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new SegmentationPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var item = SortedDicomSeries.FromFolder(phantoms.CtFolder(0));
        var volume = await item.GetVolumeAsync(CancellationToken.None);
        var before = volume.Voxels.ToArray();
        var result = await plugin.ProcessAsync(item, CancellationToken.None);
        Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
        // The cascade reads the series' own voxels (SharedVoxels) and must leave them as they were.
        Assert.Same(volume, await item.GetVolumeAsync(CancellationToken.None));
        Assert.True(before.AsSpan().SequenceEqual(volume.Voxels.Span), "the plugin changed the series' voxels");

        var modalities = result.DicomObjects.Select(d => d.GetStringOrDefault(DicomTag.Modality)).Order().ToList();
        Assert.Equal(["OT", "SEG", "SR"], modalities);
        using var output = new TempDirectory("radcnn-segmentation-out");
        foreach (var (ds, i) in result.DicomObjects.Select((d, i) => (d, i)))
        {
            var path = output.Combine($"object-{i}.dcm");
            new DicomFile(ds).Save(path);
            Dciodvfy.AssertClean(path);
        }

        var seg = result.DicomObjects.Single(d => d.GetStringOrDefault(DicomTag.Modality) == "SEG");
        Assert.Equal(item.StudyInstanceUid, seg.GetString(DicomTag.StudyInstanceUID));
        var segPath = output.Combine("seg.dcm");
        new DicomFile(seg).Save(segPath);
        var pydicom = PydicomSeg.Labels(segPath, phantoms.CtFolder(0), output.Combine("labels.bin"));
        var files = Directory.GetFiles(phantoms.CtFolder(0), "*.dcm").Select(p => DicomFile.Open(p)).ToList();
        var radcnn = LabelledCtFolder.Read(files, DicomFile.Open(segPath).Dataset, "read-back");
        Assert.Equal(radcnn.Liver, pydicom.Select(b => (b & 1) != 0));
        Assert.Equal(radcnn.Masses, pydicom.Select(b => (b & 2) != 0));

        var liverMl = radcnn.Liver.Count(b => b) * radcnn.Hu.VoxelVolumeMl;
        var reported = result.Measurements.Single(m => m.Name == "liver volume");
        Assert.Equal("mL", reported.Unit);
        Assert.Equal(liverMl, reported.Value, 0);
        var truthMl = new RadCnn.Training.Phantoms.AbdomenCt.AbdomenCtGenerator().Generate(PhantomFolderFixture.Seed, 0).LiverVolumeMl;
        Assert.InRange(reported.Value, truthMl * 0.85, truthMl * 1.15);

        var liver = result.Findings.First(f => f.Code == "10200004");
        Assert.NotNull(liver.Robustness);
        Assert.InRange(liver.Robustness!.Agreement, 0, 1);
        using var json = JsonDocument.Parse(result.Files.Single(f => f.Name == "result.json").Content.ToArray());
        Assert.Equal(reported.Value, json.RootElement.GetProperty("liverVolumeMl").GetDouble(), 1);
        Assert.Equal(result.Findings.Count(f => f.Code == "4147007"), json.RootElement.GetProperty("massCount").GetInt32());
        Assert.Contains(result.Files, f => f.Name == "key-image.png" && f.Content.Span[..4].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
        Assert.Contains("liver", result.Message, StringComparison.Ordinal);
    }
}
