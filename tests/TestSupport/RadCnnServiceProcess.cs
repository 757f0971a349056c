using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RadCnn.TestSupport;

/// <summary>
/// `radcnn run` as a hospital runs it, for end-to-end tests: a child process on a data directory, a
/// plugins directory and a DICOM port, optionally forwarding its results to a PACS; its whole log is
/// kept (and shown when a wait times out); disposing kills it.
/// </summary>
public sealed class RadCnnServiceProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private RadCnnServiceProcess(Process process, string dataDirectory, int port)
    {
        this.process = process;
        DataDirectory = dataDirectory;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public string Outbox => Path.Combine(DataDirectory, "outbox");

    /// <summary>Everything the service has written to its output and error streams so far.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet radcnn.dll run</c>; <paramref name="pacs"/>, when given, receives every result by C-STORE.</summary>
    public static RadCnnServiceProcess Start(string radcnnDll, string dataDirectory, string pluginsDirectory, OrthancProcess? pacs = null, params string[] settings)
    {
        var port = Peers.FreeTcpPort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments = [radcnnDll, "run", "--data-dir", dataDirectory, "--plugins-dir", pluginsDirectory, "--port", port.ToString(CultureInfo.InvariantCulture)];
        string[] forwarding = pacs is null ? [] :
            ["--RadCnn:Forwarding:Host=127.0.0.1", $"--RadCnn:Forwarding:Port={pacs.DicomPort.ToString(CultureInfo.InvariantCulture)}", "--RadCnn:Forwarding:CalledAeTitle=ORTHANC"];
        foreach (var argument in arguments.Concat(forwarding).Concat(settings))
        {
            info.ArgumentList.Add(argument);
        }

        return new RadCnnServiceProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start radcnn run"), dataDirectory, port);
    }

    /// <summary>
    /// Starts the built <c>radcnn</c> on <paramref name="dataDirectory"/> with the plugins directory that
    /// holds <paramref name="pluginFolder"/> (a plugin's build output) and waits until that plugin's
    /// version is active and the listener is up.
    /// </summary>
    public static async Task<RadCnnServiceProcess> StartWithPluginAsync(string pluginFolder, string pluginId, string version, string dataDirectory, OrthancProcess? pacs = null, params string[] settings)
    {
        var service = Start(RepositoryPaths.RadCnnDll, dataDirectory, Path.GetDirectoryName(pluginFolder)!, pacs, settings);
        try
        {
            await service.WaitUntilActiveAsync(pluginId, version).ConfigureAwait(false);
            return service;
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="files"/> to the service's listener with DCMTK storescu, as a modality would; throws with storescu's output when it fails.</summary>
    public void SendWithStorescu(IEnumerable<string> files)
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        var send = Peers.Run(storescu, ["-aec", "RADCNN", "127.0.0.1", Port.ToString(CultureInfo.InvariantCulture), .. files]);
        if (send.ExitCode != 0)
        {
            throw new InvalidOperationException($"storescu failed with exit code {send.ExitCode}:\n{send.Combined}");
        }
    }

    /// <summary>The DICOM objects of a committed result (its <c>dicom/</c> folder).</summary>
    public static string[] ResultDicomFiles(string resultJson) =>
        Directory.GetFiles(Path.Combine(Path.GetDirectoryName(resultJson)!, "dicom"), "*.dcm");

    /// <summary>Waits until the DICOM listener is up and the plugin's version is active.</summary>
    public Task WaitUntilActiveAsync(string pluginId, string version) =>
        WaitForAsync(() => Log.Contains($"DICOM listener on port {Port}", StringComparison.Ordinal) && Log.Contains($"{pluginId} {version} is active", StringComparison.Ordinal));

    /// <summary>Polls <paramref name="condition"/> every 250 ms; after two minutes fails with the service's log.</summary>
    public async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed >= TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"timed out; service log:\n{Log}");
            }

            await Task.Delay(250).ConfigureAwait(false);
        }
    }

    /// <summary>result.json of the finished jobs: a folder still being written has a hidden temporary name until it is renamed into place.</summary>
    public string[] CommittedResults() =>
        !Directory.Exists(Outbox) ? [] :
        [.. Directory.GetDirectories(Outbox).Where(d => !Path.GetFileName(d).StartsWith('.')).Select(d => Path.Combine(d, "result.json")).Where(File.Exists)];

    public void Dispose()
    {
        Peers.Kill(process, TimeSpan.FromSeconds(10));
        process.Dispose();
    }

    private void Append(string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }
}
