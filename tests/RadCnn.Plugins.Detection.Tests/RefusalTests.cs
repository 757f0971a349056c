using RadCnn.Abstractions.Results;
using RadCnn.Engine;
using RadCnn.TestSupport;
using RadCnn.TestSupport.Plugins;

namespace RadCnn.Plugins.Detection.Tests;

/// <summary>Bad input is refused with a clear reason in the result, never a crash.</summary>
[Collection(PhantomCollection.Name)]
public sealed class RefusalTests(PhantomFolderFixture phantoms)
{
    [Theory]
    [InlineData("ds.ViewPosition = 'LL'", "lateral")]
    [InlineData("ds.BodyPartExamined = 'HAND'", "body part HAND is not among the manifest's body parts (CHEST)")]
    [InlineData("ds.Modality = 'CT'", "modality CT is not among the manifest's modalities (CR, DX)")]
    [InlineData("ds.Rows = 1; ds.Columns = 1; ds.PixelData = b'\\x00\\x00'", "1x1")]
    [InlineData("ds.SamplesPerPixel = 3; ds.PhotometricInterpretation = 'RGB'", "3 samples per pixel")]
    public async Task BadRadiographsAreRefused(string change, string reason)
    {
        using var dir = new TempDirectory("radcnn-detection-bad");
        var path = dir.Combine("bad.dcm");
        var py = Peers.RunPython(
            $"""
            import sys, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            {change}
            ds.save_as(sys.argv[2])
            """,
            phantoms.Labels[0].File,
            path);
        Assert.True(py.ExitCode == 0, py.Combined);
        var result = await ProcessAsync(path);
        Assert.Equal(PluginResultStatus.NotApplicable, result.Status);
        Assert.StartsWith("refused:", result.Message, StringComparison.Ordinal);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
        Assert.Empty(result.DicomObjects);
    }

    [Fact]
    public async Task CompressedTransferSyntaxThatCannotBeDecodedIsRefused()
    {
        using var dir = new TempDirectory("radcnn-detection-jpeg");
        var path = dir.Combine("jpeg.dcm");
        var tool = Peers.Require("dcmcjpeg", "dcmtk");
        var convert = Peers.Run(tool, ["+e1", phantoms.Labels[0].File, path]);
        Assert.True(convert.ExitCode == 0, convert.Combined);
        var result = await ProcessAsync(path);
        Assert.Equal(PluginResultStatus.NotApplicable, result.Status);
        Assert.StartsWith("refused: the pixel data cannot be decoded", result.Message, StringComparison.Ordinal);
    }

    private static async Task<PluginResult> ProcessAsync(string path)
    {
        await using var engine = InferenceEngineFactory.CreateOnCpu();
        await using var plugin = new TuberculosisPlugin();
        await plugin.InitializeAsync(new TestPluginContext(engine), CancellationToken.None);
        return await plugin.ProcessAsync(DicomSeries.FromFile(path), CancellationToken.None);
    }
}
