using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>Wrong input is refused with a clear reason, never a crash and never a result.</summary>
[Collection(PhantomCollection.Name)]
public sealed class RefusalTests(PhantomFolderFixture phantoms)
{
    [Theory]
    [InlineData("Modality", "MR", "is not CT")]
    [InlineData("BodyPartExamined", "HEAD", "not the abdomen")]
    [InlineData("Manufacturer", "RadCnn", "RadCnn result")]
    public async Task SeriesOfTheWrongKindAreRefused(string attribute, string value, string reason)
    {
        var files = Load();
        foreach (var f in files)
        {
            f.Dataset.AddOrUpdate(attribute switch
            {
                "Modality" => DicomTag.Modality,
                "BodyPartExamined" => DicomTag.BodyPartExamined,
                _ => DicomTag.Manufacturer,
            }, value);
        }

        await AssertRefusedAsync(files, reason);
    }

    [Fact]
    public async Task FewerThanSixteenSlicesAreRefused() =>
        await AssertRefusedAsync(Load().Take(15).ToList(), "at least 16");

    [Fact]
    public async Task ASliceOutOfLineIsRefusedAsInconsistentGeometry()
    {
        var files = Load();
        var p = files[10].Dataset.GetValues<double>(DicomTag.ImagePositionPatient);
        files[10].Dataset.AddOrUpdate(DicomTag.ImagePositionPatient, p[0].ToString(System.Globalization.CultureInfo.InvariantCulture), p[1].ToString(System.Globalization.CultureInfo.InvariantCulture), (p[2] + 1.3).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AssertRefusedAsync(files, "inconsistent geometry");
    }

    [Fact]
    public async Task MissingOrientationIsRefused()
    {
        var files = Load();
        files[3].Dataset.Remove(DicomTag.ImageOrientationPatient);
        await AssertRefusedAsync(files, "inconsistent geometry");
    }

    [Fact]
    public async Task AReportIsNotAnImageSeries()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new SegmentationPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var result = await plugin.ProcessAsync(new RadCnn.Abstractions.WorkItems.ReportWorkItem { Id = "r", Text = "no images", Kind = "text" }, CancellationToken.None);
        Assert.Equal(PluginResultStatus.NotApplicable, result.Status);
    }

    private List<DicomFile> Load() => Directory.GetFiles(phantoms.CtFolder(0), "*.dcm").Order(StringComparer.Ordinal).Select(p => DicomFile.Open(p)).ToList();

    private static async Task AssertRefusedAsync(List<DicomFile> files, string reason)
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new SegmentationPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var result = await plugin.ProcessAsync(SortedDicomSeries.FromFiles(files), CancellationToken.None);
        Assert.Equal(PluginResultStatus.NotApplicable, result.Status);
        Assert.StartsWith("refused:", result.Message, StringComparison.Ordinal);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
        Assert.Empty(result.DicomObjects);
    }
}
