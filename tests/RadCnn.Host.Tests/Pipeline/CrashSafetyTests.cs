using System.Diagnostics;
using System.Globalization;
using RadCnn.Host.Hosting;
using RadCnn.Host.Outputs;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>
/// Power-cut safety: `radcnn run` is killed with SIGKILL at random moments while storescu sends 300
/// instances (and while it processes them), then restarted. Every instance storescu saw acknowledged
/// is in the store, every series is processed exactly once per plugin version and generation, and no
/// result folder is half written.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const int Kills = 10;
    private readonly TempDirectory _dir = new("radcnn-crash");
    private readonly List<Process> _hosts = [];

    /// <summary>Kills any host still running (a failed assertion leaves the loop with one alive), then removes the folder.</summary>
    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            Peers.Kill(host, TimeSpan.FromSeconds(10));
            host.Dispose();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Sigkill_at_ten_random_moments_loses_no_acknowledged_instance_and_duplicates_no_result()
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        var random = new Random(20261126);
        var pluginsDir = _dir.Combine("plugins");
        FixturePlugins.Deploy("NoOp", pluginsDir, "noop");
        var study = TestStudy.NewUid();
        var series = Enumerable.Range(0, 3).Select(_ => TestStudy.NewUid()).ToList();
        var files = series.SelectMany(s => TestStudy.WriteSeries(_dir.Combine("source"), study, s, "OT", 100, size: 8)).ToList();
        var batches = files.Chunk(10).ToList();
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var next = 0;

        for (var kill = 0; kill <= Kills; kill++)
        {
            var port = Peers.FreeTcpPort();
            var host = StartHost(port, pluginsDir);
            await TestStudy.WaitForPortAsync(port, host);
            if (kill == Kills)
            {
                // Last life: send the rest and let it finish.
                for (; next < batches.Count; next++)
                {
                    var result = Send(storescu, port, batches[next]);
                    Assert.True(result.ExitCode == 0, result.Combined);
                    acknowledged.UnionWith(batches[next]);
                }

                await WaitForAllProcessedAsync(series, host);
                host.Kill();
                await host.WaitForExitAsync();
                break;
            }

            // Send batches until a random moment, then pull the plug (sometimes after sending, while jobs run).
            var killAt = Stopwatch.StartNew();
            var lifetime = TimeSpan.FromMilliseconds(random.Next(200, 2500));
            var sending = Task.Run(() =>
            {
                while (next < batches.Count && killAt.Elapsed < lifetime)
                {
                    var result = Send(storescu, port, batches[next]);
                    if (result.ExitCode != 0)
                    {
                        return;
                    }

                    lock (acknowledged)
                    {
                        acknowledged.UnionWith(batches[next]);
                    }

                    next++;
                }
            });
            await Task.Delay(lifetime);
            host.Kill(); // SIGKILL: no shutdown code runs
            await host.WaitForExitAsync();
            await sending;
        }

        // Each start removed the private plugin copies that the killed run before it left behind.
        Assert.Single(Directory.GetDirectories(_dir.Combine("tmp"), "radcnn-plugins-*"));

        var paths = PipelinePaths.For(_dir.Combine("var"));
        using var store = new SqliteJobStore(paths.Database, TimeProvider.System);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            stored.UnionWith((await store.GetInstancesAsync(s)).Select(i => i.SopInstanceUid));
        }

        var sopOf = files.ToDictionary(f => f, f => RadCnn.Host.Ingestion.InstanceMetadataReader.Read(f).SopInstanceUid);
        Assert.All(acknowledged, f => Assert.Contains(sopOf[f], stored));
        Assert.Equal(300, stored.Count);

        var done = await store.GetJobsAsync(JobState.Done);
        foreach (var s in series)
        {
            var latest = (await store.GetSeriesAsync(s))!;
            Assert.False(latest.Open);
            var runs = done.Where(j => j.ItemKey == s).GroupBy(j => (j.PluginId, j.PluginVersion, j.Generation)).ToList();
            Assert.All(runs, g => Assert.Single(g));
            var final = Assert.Single(done, j => j.ItemKey == s && j.Generation == latest.Generation);
            var result = ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(final.OutputPath!, "result.json")));
            Assert.Equal(100, result.Inputs.SopInstanceUids.Count);
        }

        // No half-written result: every folder in the outbox is a complete one of a done job.
        var doneFolders = done.Select(j => Path.GetFileName(j.OutputPath!)).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(paths.Outbox))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.'))
            {
                continue; // a temporary folder from the last kill: removed at the next start, never under a job's name
            }

            Assert.Contains(name, doneFolders);
            ResultDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "result.json")));
        }
    }

    private Process StartHost(int port, string pluginsDir)
    {
        var dll = typeof(ServiceHostBuilder).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            dll, "run", "--data-dir", _dir.Combine("var"), "--port", port.ToString(CultureInfo.InvariantCulture), "--plugins-dir", pluginsDir,
            "--RadCnn:Assembly:QuietPeriodSeconds=1", "--RadCnn:Storage:ReserveMegabytes=0", "--RadCnn:Runner:PollSeconds=0.2",
            "--RadCnn:Runner:MaxAttempts=50", "--RadCnn:Inbox:ScanSeconds=5", "--Logging:LogLevel:Default=Warning",
        })
        {
            info.ArgumentList.Add(arg);
        }

        // A private temp directory, so the plugin copies each killed run leaves there can be counted.
        info.Environment["TMPDIR"] = Directory.CreateDirectory(_dir.Combine("tmp")).FullName;
        var process = Process.Start(info)!;
        _hosts.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessResult Send(string storescu, int port, string[] batch) =>
        Peers.Run(storescu, ["-aet", "MODALITY1", "-aec", "RADCNN", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. batch],
            TimeSpan.FromSeconds(60), environment: new Dictionary<string, string> { ["TCP_NODELAY"] = "1" });

    private async Task WaitForAllProcessedAsync(IReadOnlyList<string> series, Process host)
    {
        var paths = PipelinePaths.For(_dir.Combine("var"));
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            Assert.False(host.HasExited, "radcnn run exited early");
            using (var store = new SqliteJobStore(paths.Database, TimeProvider.System))
            {
                var done = await store.GetJobsAsync(JobState.Done);
                var complete = 0;
                foreach (var s in series)
                {
                    var latest = await store.GetSeriesAsync(s);
                    if (latest is { Open: false } && done.Any(j => j.ItemKey == s && j.Generation == latest.Generation))
                    {
                        complete++;
                    }
                }

                if (complete == series.Count)
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "the restarted host did not finish the series in time");
            await Task.Delay(250);
        }
    }
}
