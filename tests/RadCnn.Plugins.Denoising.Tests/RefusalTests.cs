using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Dicom;
using RadCnn.Plugins.Denoising.Tests.Support;

namespace RadCnn.Plugins.Denoising.Tests;

/// <summary>Every input the denoiser must not read is refused with a reason, before any network runs.</summary>
[Collection(PhantomSeriesCollection.Name)]
public sealed class RefusalTests(PhantomSeriesFixture phantoms)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "mr", "is not CT" },
        { "localiser", "localiser" },
        { "derived", "DERIVED" },
        { "denoised-description", "already denoised" },
        { "derivation-description", "Derivation Description" },
        { "no-rescale", "Rescale" },
        { "radcnn-output", "RadCnn result" },
        { "enhanced-ct", "not CT Image Storage" },
        { "tiny", "at least" },
        { "no-pixel-spacing", "Pixel Spacing missing" },
        { "coarse-pixels", "pixel spacing 2.5 mm is coarser than 2 mm" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RefusesWithReason(string change, string expected)
    {
        var instances = phantoms.Files("low-dose").Select(f => Change(DicomFile.Open(f).Dataset, change)).ToList();
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new DenoisingPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine), CancellationToken.None);
        var result = await plugin.ProcessAsync(CtSeries.FromDatasets(instances), CancellationToken.None);
        Assert.Equal(PluginResultStatus.NotApplicable, result.Status);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        Assert.StartsWith("refused: ", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.DicomObjects);
    }

    [Fact]
    public async Task A_site_that_validated_coarser_pixels_raises_the_limit()
    {
        var instances = phantoms.Files("low-dose").Select(f => Change(DicomFile.Open(f).Dataset, "coarse-pixels")).ToList();
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new DenoisingPlugin();
        var settings = new Dictionary<string, string?> { ["MaximumPixelSpacingMm"] = "3", ["Probe"] = "false" };
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine, settings), CancellationToken.None);
        var result = await plugin.ProcessAsync(CtSeries.FromDatasets(instances), CancellationToken.None);
        Assert.True(result.Status == PluginResultStatus.Succeeded, result.Message);
        Assert.Equal(instances.Count, result.DicomObjects.Count);
    }

    private static DicomDataset Change(DicomDataset dataset, string change)
    {
        switch (change)
        {
            case "mr":
                dataset.AddOrUpdate(DicomTag.Modality, "MR");
                break;
            case "localiser":
                dataset.AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "LOCALIZER");
                break;
            case "derived":
                dataset.AddOrUpdate(DicomTag.ImageType, "DERIVED", "SECONDARY", "AXIAL");
                break;
            case "denoised-description":
                dataset.AddOrUpdate(DicomTag.SeriesDescription, "Vendor AI denoised 1 mm");
                break;
            case "derivation-description":
                dataset.AddOrUpdate(DicomTag.DerivationDescription, "iterative noise reduction");
                break;
            case "no-rescale":
                dataset.Remove(DicomTag.RescaleSlope);
                dataset.Remove(DicomTag.RescaleIntercept);
                break;
            case "radcnn-output":
                dataset.AddOrUpdate(DicomTag.Manufacturer, "RadCnn");
                break;
            case "enhanced-ct":
                dataset.AddOrUpdate(DicomTag.SOPClassUID, DicomUid.EnhancedCTImageStorage.Value);
                break;
            case "tiny":
                dataset.AddOrUpdate(DicomTag.Rows, (ushort)16);
                break;
            case "no-pixel-spacing":
                dataset.Remove(DicomTag.PixelSpacing);
                break;
            case "coarse-pixels":
                dataset.AddOrUpdate(DicomTag.PixelSpacing, "2.5", "2.5");
                break;
        }

        return dataset;
    }
}
