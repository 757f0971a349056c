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

    /// <summary>A TCP port on loopback that was free a moment ago.</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
