using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Dicom;
using RadCnn.Plugins.Denoising.Tests.Support;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Denoising.Tests;

/// <summary>
/// The loop test with a real PACS that echoes every series back: Orthanc, with a Lua script that sends each
/// series to RadCnn once it is stable, receives a low-dose series from a modality (storescu). Orthanc echoes it to
/// `radcnn run`, which denoises it and forwards the derived series to Orthanc, which echoes that back too: RadCnn must
/// take it in (it acknowledged it) and never process it again, so the study ends with one job, the derived series in
/// the PACS, and the echo left unrouted.
/// </summary>
[Collection(PhantomSeriesCollection.Name)]
public sealed class EchoingPacsTests(PhantomSeriesFixture phantoms)
{
    // Orthanc's Lua hook for a series that has received no new instance for StableAge seconds: C-STORE the whole series
    // to the modality "radcnn" through Orthanc's own REST API (Lua's SendToModality takes single instances only).
    private const string EchoScript = """
        function OnStableSeries(seriesId, tags, metadata)
          RestApiPost('/modalities/radcnn/store', seriesId)
        end
        """;

    [Fact]
    public async Task A_pacs_that_echoes_every_series_back_gets_one_derived_series_and_no_loop()
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        using var data = new TempDirectory("radcnn-denoising-echo");
        var script = data.Combine("echo.lua");
        await File.WriteAllTextAsync(script, EchoScript);
        using var pacs = OrthancProcess.StartWith(config => config["LuaScripts"] = new JsonArray(script));
        using var service = await RadCnnServiceProcess.StartWithPluginAsync(
            Repository.PluginFolder, "radcnn.denoising.ldct", "1.6.0", data.Combine("var"), pacs, "--RadCnn:Assembly:QuietPeriodSeconds=2");
        // Orthanc's REST API names the fields exactly (AET, Host, Port).
        var entry = new JsonObject { ["AET"] = "RADCNN", ["Host"] = "127.0.0.1", ["Port"] = service.Port };
        using var body = new StringContent(entry.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var modality = await pacs.Http.PutAsync(new Uri("/modalities/radcnn", UriKind.Relative), body);
        Assert.True(modality.IsSuccessStatusCode, await modality.Content.ReadAsStringAsync());

        // The modality sends to the PACS only; RadCnn sees the series through the PACS's echo.
        var low = phantoms.Files("low-dose");
        var sent = Peers.Run(storescu, ["-aec", "ORTHANC", "127.0.0.1", pacs.DicomPort.ToString(CultureInfo.InvariantCulture), .. low]);
        Assert.True(sent.ExitCode == 0, sent.Combined);

        await WithPacsLog(pacs, service.WaitForAsync(() => service.CommittedResults().Length >= 1));
        var result = Assert.Single(service.CommittedResults());
        Assert.Contains("succeeded", await File.ReadAllTextAsync(result), StringComparison.OrdinalIgnoreCase);
        var derived = RadCnnServiceProcess.ResultDicomFiles(result).Select(f => DicomFile.Open(f).Dataset).ToList();
        var derivedUids = derived.Select(d => d.GetString(DicomTag.SOPInstanceUID)).ToHashSet(StringComparer.Ordinal);
        await service.WaitForAsync(() => derivedUids.IsSubsetOf(pacs.SopInstanceUidsAsync().GetAwaiter().GetResult()));

        // The PACS echoes the derived series back: RadCnn stores its instances and leaves the series unrouted.
        await WithPacsLog(pacs, service.WaitForAsync(() => Status().GetProperty("instances").GetInt32() == 2 * low.Count && WorkItems(Status(), "unrouted") == 1));
        // Quiet periods later, still the one job: the echo was not processed, so nothing new went to the PACS.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var status = Status();
        Assert.Equal(1, Jobs(status).Sum(j => j.Value));
        Assert.Equal(1, WorkItems(status, "unrouted"));
        Assert.Single(service.CommittedResults());
        Assert.Contains("RadCnn's own output", service.Log, StringComparison.Ordinal);
        using var series = JsonDocument.Parse(await pacs.Http.GetStringAsync(new Uri("/series", UriKind.Relative)));
        Assert.Equal(2, series.RootElement.GetArrayLength());

        JsonElement Status() => JsonDocument.Parse(Cli.Run("status", "--json", "--data-dir", data.Combine("var")).StandardOutput).RootElement;
    }

    /// <summary>A wait that times out also shows what the PACS did (its Lua script's errors, its C-STOREs).</summary>
    private static async Task WithPacsLog(OrthancProcess pacs, Task wait)
    {
        try
        {
            await wait;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nPACS log:\n{pacs.Log}", e);
        }
    }

    private static Dictionary<string, int> Jobs(JsonElement status) =>
        status.GetProperty("jobs").EnumerateObject().ToDictionary(p => p.Name.ToLowerInvariant(), p => p.Value.GetInt32());

    private static int WorkItems(JsonElement status, string state) =>
        status.GetProperty("workItems").EnumerateObject().Where(p => p.Name.Equals(state, StringComparison.OrdinalIgnoreCase)).Sum(p => p.Value.GetInt32());
}
