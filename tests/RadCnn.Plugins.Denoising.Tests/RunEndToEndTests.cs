using System.Globalization;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.Plugins.Denoising.Tests.Support;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Denoising.Tests;

/// <summary>
/// The service as a hospital runs it: `radcnn run` with the plugin's built folder, a low-dose phantom
/// series sent by DCMTK storescu, the derived series forwarded (C-STORE) to a real Orthanc that already
/// holds the original: it lands in the same study, as a second series of the same size.
/// </summary>
[Collection(PhantomSeriesCollection.Name)]
public sealed class RunEndToEndTests(PhantomSeriesFixture phantoms)
{
    [Fact]
    public async Task DerivedSeriesReachesThePacsInTheSourceStudy()
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        using var data = new TempDirectory("radcnn-denoising-run");
        using var pacs = new OrthancProcess();
        var low = phantoms.Files("low-dose");
        var original = Peers.Run(storescu, ["-aec", "ORTHANC", "127.0.0.1", pacs.DicomPort.ToString(CultureInfo.InvariantCulture), .. low]);
        Assert.True(original.ExitCode == 0, original.Combined);
        using var service = await RadCnnServiceProcess.StartWithPluginAsync(Repository.PluginFolder, "radcnn.denoising.ldct", "1.6.0", data.Path, pacs);
        service.SendWithStorescu(low);
        await service.WaitForAsync(() => service.CommittedResults().Length >= 1);
        var result = Assert.Single(service.CommittedResults());
        Assert.Contains("succeeded", await File.ReadAllTextAsync(result), StringComparison.OrdinalIgnoreCase);
        var derived = RadCnnServiceProcess.ResultDicomFiles(result).Select(f => DicomFile.Open(f).Dataset).ToList();
        Assert.Equal(low.Count, derived.Count);
        var uids = derived.Select(d => d.GetString(DicomTag.SOPInstanceUID)).ToHashSet(StringComparer.Ordinal);
        await service.WaitForAsync(() => uids.IsSubsetOf(pacs.SopInstanceUidsAsync().GetAwaiter().GetResult()));

        // In the PACS: one study holding the original series and the derived one, four slices each.
        using var studies = JsonDocument.Parse(await pacs.Http.GetStringAsync(new Uri("/studies", UriKind.Relative)));
        var study = Assert.Single(studies.RootElement.EnumerateArray()).GetString();
        using var series = JsonDocument.Parse(await pacs.Http.GetStringAsync(new Uri($"/studies/{study}/series", UriKind.Relative)));
        var counts = series.RootElement.EnumerateArray().Select(s => s.GetProperty("Instances").GetArrayLength()).ToList();
        Assert.Equal([low.Count, low.Count], counts);
    }
}
