using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Plugins.Classification.Preprocessing;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>Every wrong input is refused with its reason, before any pixel is read.</summary>
[Collection(ChestCtCollection.Name)]
public sealed class RefusalTests(ChestCtFixture phantoms)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "mr", "not CT" },
        { "head", "not the chest" },
        { "thick", "thick" },
        { "few", "slices; at least 32" },
        { "gap", "uneven slice spacing" },
        { "localizer", "localizer" },
        { "own-output", "RadCnn result" },
        { "no-position", "Image Position (Patient) is missing" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task WrongSeriesAreRefusedWithAReason(string change, string reason)
    {
        var datasets = phantoms.Files(phantoms.Series[0]).Select(f => f.Dataset.Clone()).ToList();
        datasets = CtSeriesReader.Order(datasets).Select(o => o.Dataset).ToList();
        switch (change)
        {
            case "mr":
                datasets.ForEach(d => d.AddOrUpdate(DicomTag.Modality, "MR"));
                break;
            case "head":
                datasets.ForEach(d => d.AddOrUpdate(DicomTag.BodyPartExamined, "HEAD"));
                break;
            case "thick":
                datasets.ForEach(d => d.AddOrUpdate(DicomTag.SliceThickness, "5"));
                break;
            case "few":
                datasets = datasets.Take(20).ToList();
                break;
            case "gap":
                datasets.RemoveRange(30, 3);
                break;
            case "localizer":
                datasets[0].AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "LOCALIZER");
                break;
            case "own-output":
                datasets.ForEach(d => d.AddOrUpdate(DicomTag.Manufacturer, "RadCnn"));
                break;
            default:
                datasets[5].Remove(DicomTag.ImagePositionPatient);
                break;
        }

        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new NodulePlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var result = await plugin.ProcessAsync(CtSeriesItem.FromDatasets(datasets), CancellationToken.None);
        Assert.Equal(PluginResultStatus.NotApplicable, result.Status);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
        Assert.StartsWith("refused:", result.Message, StringComparison.Ordinal);
    }
}
