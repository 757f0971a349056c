using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Engine;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>
/// Each image of a series is read, explained and reported against its own instance, taken from the
/// volume's slice provenance, whatever the instances' numbers say.
/// </summary>
[Collection(PhantomCollection.Name)]
public sealed class SliceProvenanceTests(PhantomFolderFixture phantoms)
{
    [Fact]
    public async Task Every_result_references_the_instance_its_slice_came_from_not_the_instance_number_order()
    {
        var tuberculosis = DicomFile.Open(phantoms.Labels.First(l => l.Label == "tuberculosis").File);
        var normal = DicomFile.Open(phantoms.Labels.First(l => l.Label == "normal").File);
        // Numbered against the volume's order: pairing by Instance Number would swap the two images' results.
        tuberculosis.Dataset.AddOrUpdate(DicomTag.InstanceNumber, "2");
        normal.Dataset.AddOrUpdate(DicomTag.InstanceNumber, "1");

        var result = await ProcessAsync(DicomSeries.FromFiles([tuberculosis, normal]));

        Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
        Assert.Equal(2, result.Findings.Count);
        Assert.Matches("image 1: [^;]* positive", result.Message);
        Assert.Matches("image 2: [^;]* negative", result.Message);
        var overlays = result.DicomObjects.Where(d => d.GetStringOrDefault(DicomTag.Modality) == "OT").ToList();
        Assert.Equal(
            [Uid(tuberculosis.Dataset), Uid(normal.Dataset)],
            overlays.Select(o => o.GetSequence(DicomTag.SourceImageSequence).Items[0].GetStringOrDefault(DicomTag.ReferencedSOPInstanceUID)).ToArray());
        Assert.Equal(["heatmap-1.png", "heatmap-2.png"], result.Files.Select(f => f.Name).ToArray());
    }

    [Fact]
    public async Task A_volume_of_several_images_without_provenance_is_refused()
    {
        var first = DicomFile.Open(phantoms.Labels[0].File);
        var second = DicomFile.Open(phantoms.Labels[1].File);
        var item = DicomSeries.FromFiles([first, second]);
        var bare = await item.GetVolumeAsync(CancellationToken.None) with { SliceSources = [] };
        var result = await ProcessAsync(item with { Volumes = IImageVolumeSource.FromVolume(bare) });
        Assert.Equal(PluginResultStatus.NotApplicable, result.Status);
        Assert.Contains("do not say which of the series' 2 instances", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.DicomObjects);
    }

    private static string Uid(DicomDataset instance) => instance.GetStringOrDefault(DicomTag.SOPInstanceUID);

    private static async Task<PluginResult> ProcessAsync(ImageSeriesWorkItem item)
    {
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new TuberculosisPlugin();
        await plugin.InitializeAsync(new TestPluginContext(engine, new Dictionary<string, string?> { ["Probe"] = "false" }), CancellationToken.None);
        return await plugin.ProcessAsync(item, CancellationToken.None);
    }
}
