using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RadCnn.TestSupport;

/// <summary>
/// A real Orthanc (Debian's package) for interoperability tests: loopback only, random DICOM and HTTP
/// ports, a throw-away database, driven through its REST API. Its output is kept in <see cref="Log"/>
/// so a failing test can show why Orthanc refused something. Usable as an xunit class fixture.
/// </summary>
public sealed class OrthancProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _temp = new("radcnn-orthanc");
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public OrthancProcess()
        : this(Peers.FreeTcpPort())
    {
    }

    private OrthancProcess(int dicomPort, Action<JsonObject>? configure = null)
    {
        DicomPort = dicomPort;
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
        configure?.Invoke(config);
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
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(120) };
        try
        {
            WaitForSystem();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Starts Orthanc with more configuration (plugins, DICOMweb servers) added to the test defaults.</summary>
    public static OrthancProcess StartWith(Action<JsonObject> configure) => new(Peers.FreeTcpPort(), configure);

    /// <summary>Starts Orthanc on a given DICOM port (for a test that first finds the PACS down there).</summary>
    public static OrthancProcess StartOn(int dicomPort) => new(dicomPort);

    /// <summary>Orthanc's DICOM port; its AE title is ORTHANC, and it accepts C-ECHO and C-STORE from anyone.</summary>
    public int DicomPort { get; }

    public int HttpPort { get; }

    /// <summary>A client for Orthanc's REST API (base address set).</summary>
    public HttpClient Http { get; }

    /// <summary>What Orthanc has printed so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

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
        Peers.Kill(_process, TimeSpan.FromSeconds(10));

        _process.Dispose();
        _temp.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private void WaitForSystem()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("Orthanc exited at start-up:\n" + Log);
            }

            try
            {
                using var response = Http.GetAsync("system").GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"Orthanc did not answer /system within {StartTimeout.TotalSeconds} s:\n" + Log);
            }

            Thread.Sleep(100);
        }
    }
}
