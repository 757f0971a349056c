using System.Diagnostics;
using System.Net.Sockets;

namespace RadCnn.TestSupport;

/// <summary>DCMTK's storescp running in the background on a free port, bit-preserving, one file per instance in arrival order.</summary>
public sealed class StorescpProcess : IDisposable
{
    private readonly Process _process;

    public StorescpProcess(string outputDirectory, string aeTitle = "STORESCP", params string[] extra)
    {
        OutputDirectory = outputDirectory;
        Directory.CreateDirectory(outputDirectory);
        Port = Peers.FreeTcpPort();
        var info = new ProcessStartInfo(Peers.Require("storescp", "dcmtk"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -B: store data sets exactly as received; -tn: time-stamped names, which sort in arrival order.
        foreach (var argument in (string[])["-aet", aeTitle, "-od", outputDirectory, "-B", "-tn", .. extra, Port.ToString()])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TCP_NODELAY"] = "1";
        _process = Process.Start(info) ?? throw new InvalidOperationException("storescp did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitForPort(Port, _process);
    }

    public int Port { get; }

    public string OutputDirectory { get; }

    public string[] StoredFiles() => Directory.GetFiles(OutputDirectory).Order(StringComparer.Ordinal).ToArray();

    public static void WaitForPort(int port, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException($"nothing listens on port {port}");
    }

    public void Dispose()
    {
        Peers.Kill(_process, TimeSpan.FromSeconds(5));

        _process.Dispose();
    }
}
