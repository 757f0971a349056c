using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.Host.Tests.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Security;

/// <summary>
/// Patient data at rest (issue 18): a real `radcnn run`, started with the permissive umask a shell gives
/// (022), takes an image through the inbox and a report through the reports inbox, runs a plugin and
/// writes its result; afterwards no file or folder of its data directory is readable by group or others.
/// Also checks that the shipped systemd unit sets UMask and StateDirectoryMode.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PhiAtRestTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-phi");
    private Process? _host;

    public void Dispose()
    {
        if (_host is not null)
        {
            Peers.Kill(_host, TimeSpan.FromSeconds(10));
            _host.Dispose();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Spool_reports_outbox_and_database_are_for_the_service_user_only()
    {
        var pluginsDir = _dir.Combine("plugins");
        FixturePlugins.Deploy("NoOp", pluginsDir, "noop");
        var data = _dir.Combine("var");
        var paths = PipelinePaths.For(data);
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("755", 8)); // as an operator's mkdir leaves it
        _host = StartHost(data, pluginsDir);

        await WaitUntilAsync(() => Directory.Exists(paths.Inbox) && Directory.Exists(paths.Reports), "the inboxes exist");
        TestStudy.WriteSeries(Path.Combine(_dir.Path, "staging"), TestStudy.NewUid(), TestStudy.NewUid(), "OT", 1, size: 8)
            .ForEach(f => File.Move(f, Path.Combine(paths.Inbox, Path.GetFileName(f))));
        await File.WriteAllTextAsync(Path.Combine(paths.Reports, "report.txt"), "Findings: none. SENTINELNAME");

        await WaitUntilAsync(() =>
        {
            using var store = new SqliteJobStore(paths.Database, TimeProvider.System);
            var status = store.GetStatusAsync().GetAwaiter().GetResult();
            return status.Instances == 1 && status.Reports == 1 && status.Jobs.GetValueOrDefault("Done") >= 1;
        }, "the image and the report are stored and a job is done");

        var open = new List<string>();
        Check(data, open);
        foreach (var entry in Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories))
        {
            Check(entry, open);
        }

        Assert.True(open.Count == 0, "readable by group or others: " + string.Join(", ", open.Take(10)));
        Assert.NotEmpty(Directory.EnumerateFiles(paths.Spool, "*", SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.EnumerateFiles(paths.Outbox, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_systemd_unit_sets_an_owner_only_umask_and_state_directory()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "RadCnn.sln")))
        {
            root = root.Parent!;
        }

        var unit = File.ReadAllLines(Path.Combine(root.FullName, "deploy", "radcnn.service"));
        Assert.Contains("UMask=0077", unit);
        Assert.Contains("StateDirectoryMode=0700", unit);
    }

    private static void Check(string path, List<string> open)
    {
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & others) != 0)
        {
            open.Add($"{Path.GetFileName(path)} {Convert.ToString((int)mode, 8)}");
        }
    }

    private Process StartHost(string data, string pluginsDir)
    {
        var dll = typeof(ServiceHostBuilder).Assembly.Location;
        // sh sets the umask a login shell would before starting the service, so the test does not depend on the caller's.
        var info = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("umask 022 && exec dotnet \"$@\"");
        info.ArgumentList.Add("sh");
        foreach (var arg in new[]
        {
            dll, "run", "--data-dir", data, "--port", Peers.FreeTcpPort().ToString(CultureInfo.InvariantCulture), "--plugins-dir", pluginsDir,
            "--RadCnn:Assembly:QuietPeriodSeconds=1", "--RadCnn:Storage:ReserveMegabytes=0", "--RadCnn:Runner:PollSeconds=0.2",
            "--RadCnn:Inbox:ScanSeconds=1", "--RadCnn:Inbox:StableSeconds=1", "--Logging:LogLevel:Default=Warning",
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TMPDIR"] = Directory.CreateDirectory(_dir.Combine("tmp")).FullName;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            Assert.False(_host!.HasExited, "radcnn run exited early");
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(250);
        }
    }
}
