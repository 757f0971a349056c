using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Network.Tests.Support;

/// <summary>A real Orthanc (Debian's package) on random ports with a throw-away database, driven through its REST API.</summary>
public sealed class OrthancProcess : IDisposable
{
    private readonly TempDirectory _temp = new("radcnn-orthanc");
    private readonly Process _process;

    public OrthancProcess()
    {
        DicomPort = Peers.FreeTcpPort();
        HttpPort = Peers.FreeTcpPort();
        var config = new JsonObject
        {
            ["Name"] = "RadCnnTest",
            ["StorageDirectory"] = _temp.Combine("db"),
            ["IndexDirectory"] = _temp.Combine("db"),
            ["DicomAet"] = "ORTHANC",
            ["DicomPort"] = DicomPort,
            ["HttpPort"] = HttpPort,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["DicomCheckCalledAet"] = true,
            ["DicomAlwaysAllowEcho"] = true,
            ["DicomAlwaysAllowStore"] = true,
            ["Plugins"] = new JsonArray(),
            ["StableAge"] = 1,
        };
        var path = _temp.Combine("orthanc.json");
        File.WriteAllText(path, config.ToJsonString());
        var info = new ProcessStartInfo(Peers.Require("Orthanc", "orthanc"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(path);
        info.Environment["TCP_NODELAY"] = "1";
        _process = Process.Start(info) ?? throw new InvalidOperationException("Orthanc did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(120) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if (Http.GetAsync("system").GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Orthanc did not come up");
            }

            Thread.Sleep(100);
        }
    }

    public int DicomPort { get; }

    public int HttpPort { get; }

    public HttpClient Http { get; }

    /// <summary>SOP Instance UIDs of every instance Orthanc holds.</summary>
    public async Task<HashSet<string>> SopInstanceUidsAsync()
    {
        var instances = await Http.GetFromJsonAsync<JsonElement>("instances?expand");
        return instances.EnumerateArray().Select(i => i.GetProperty("MainDicomTags").GetProperty("SOPInstanceUID").GetString()!).ToHashSet();
    }

    public async Task DeleteAllAsync()
    {
        foreach (var id in (await Http.GetFromJsonAsync<string[]>("instances"))!)
        {
            (await Http.DeleteAsync($"instances/{id}")).EnsureSuccessStatusCode();
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _temp.Dispose();
    }
}
