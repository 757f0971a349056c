using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RadCnn.TestSupport;

/// <summary>
/// The real peers RadCnn is tested against (DCMTK, dicom3tools, pydicom, Orthanc), installed from
/// Debian's packages by .ci/run. A missing peer fails the test with the package to install: tests
/// never fall back to a mock.
/// </summary>
public static class Peers
{
    public const string PydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
    public const string PydicomCharsetFiles = "/usr/lib/python3/dist-packages/pydicom/data/charset_files";
    public const string Python = "/usr/bin/python3";

    // Test ports: below the ephemeral range (see FreeTcpPort).
    private const int FirstTestPort = 20000;
    private const int LastTestPort = 32000;
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>Full path of a tool, or an exception naming the Debian package that provides it.</summary>
    public static string Require(string tool, string debianPackage)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{tool}' is not installed: apt-get install {debianPackage} (.ci/run does this).");
    }

    public static string RequirePydicomTestFiles()
    {
        if (!Directory.Exists(PydicomTestFiles))
        {
            throw new InvalidOperationException($"pydicom's test files are missing at {PydicomTestFiles}: apt-get install python3-pydicom.");
        }

        return PydicomTestFiles;
    }

    /// <summary>Kills a process a test started, with its children, and waits up to <paramref name="wait"/> for it to end; nothing when it has ended already.</summary>
    public static void Kill(Process process, TimeSpan wait)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(wait);
        }
        catch (InvalidOperationException)
        {
            // No process is associated any more: it has gone.
        }
    }

    /// <summary>Runs a tool to completion with a time limit; kills it (and fails) when the limit passes.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null, string? standardInput = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish in time");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs a Python snippet with Debian's python3 (which has pydicom and numpy).</summary>
    public static ProcessResult RunPython(string script, params string[] arguments)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: apt-get install python3-pydicom python3-numpy.");
        }

        return Run(Python, ["-c", script, .. arguments]);
    }

    /// <summary>
    /// A TCP port that was free a moment ago, for a peer or a service started by a test. Taken below
    /// the kernel's ephemeral range (32768 and up), where no outgoing connection takes its local
    /// port: a port from bind(0) can meanwhile become the source port of some test's client, and a
    /// readiness probe can connect to itself. Never the same port twice in one test process.
    /// </summary>
    public static int FreeTcpPort()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(FirstTestPort, LastTestPort + 1);
                if (!HandedOut.Add(port))
                {
                    continue;
                }

                try
                {
                    // Bound as the peers bind (any address), so a port in use on any interface is skipped.
                    using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    probe.Bind(new IPEndPoint(IPAddress.Any, port));
                    return port;
                }
                catch (SocketException)
                {
                }
            }
        }

        throw new InvalidOperationException($"no free TCP port between {FirstTestPort} and {LastTestPort}");
    }
}
