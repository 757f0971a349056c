using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using RadCnn.Host.Hosting;
using RadCnn.Host.Ingestion;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Store;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>
/// Kill points inside the group commit (RADCNN_CRASH_AT, see CrashPoint): `radcnn run` kills itself
/// after the instance files are durable but before their rows commit, or after the commit but before
/// any response goes out; storescu's own log says which instances it saw acknowledged. After a
/// restart every acknowledged instance is stored, every row names a whole file (its SHA-256 and size
/// as recorded), and no file is left in the spool that no row names. Rows committed while their
/// file's content fsync was still under way are kept only when that file is whole.
/// </summary>
public sealed class GroupCommitCrashTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-groupcrash");
    private readonly List<Process> _hosts = [];

    /// <summary>RadCnn:Listener:ContentFlush of the hosts a test starts.</summary>
    private string _contentFlush = "PerFile";

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            Peers.Kill(host, TimeSpan.FromSeconds(10));
            host.Dispose();
        }

        _dir.Dispose();
    }

    [Theory]
    [InlineData(CrashPoint.InstanceRowsWritten, 19)]
    [InlineData(CrashPoint.InstanceRowsCommitted, 20)]
    public async Task One_association_killed_inside_the_twentieth_commit_keeps_exactly_what_was_committed(string point, int expectedRows)
    {
        var files = TestStudy.WriteSeries(_dir.Combine("source"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 30, size: 8);

        var (acknowledged, failed) = await SendUntilKilledAsync($"{point}:20", [files]);

        Assert.True(failed, "storescu finished before the kill");
        // One association: each instance's row is a group of its own, and storescu sends the next only after a response.
        Assert.Equal(19, acknowledged.Count);
        Assert.Equal(files.Take(19), acknowledged.Order(StringComparer.Ordinal));
        var rows = await RecoveredRowsAsync();
        Assert.Equal(expectedRows, rows.Count);
        await AssertConsistentAsync(rows, acknowledged);
    }

    /// <summary>
    /// Killed once the twentieth row is committed while its file's content fsync was still under way
    /// (the listener overlaps the two). The kill itself leaves the page cache whole, so a power cut's
    /// loss of that content is played by cutting the file short: the row is then dropped at start-up
    /// (it was never acknowledged) and its file swept; left whole, the row is kept.
    /// </summary>
    [Theory]
    [InlineData(false, 20)]
    [InlineData(true, 19)]
    public async Task One_association_killed_with_a_row_committed_before_its_content_was_durable_keeps_it_only_when_its_file_is_whole(bool contentLost, int expectedRows)
    {
        var files = TestStudy.WriteSeries(_dir.Combine("source"), TestStudy.NewUid(), TestStudy.NewUid(), "CT", 30, size: 8);

        var (acknowledged, failed) = await SendUntilKilledAsync($"{CrashPoint.InstanceRowsCommittedContentUnconfirmed}:20", [files]);

        Assert.True(failed, "storescu finished before the kill");
        Assert.Equal(files.Take(19), acknowledged.Order(StringComparer.Ordinal));
        var unacknowledged = InstanceMetadataReader.Read(files[19]).SopInstanceUid;
        var unconfirmed = UnconfirmedRowsAfterKill();
        Assert.Contains(unacknowledged, unconfirmed.Keys);
        if (contentLost)
        {
            await using var file = new FileStream(unconfirmed[unacknowledged], FileMode.Open);
            file.SetLength(file.Length - 100);
        }

        var rows = await RecoveredRowsAsync();
        Assert.Equal(expectedRows, rows.Count);
        Assert.Equal(!contentLost, rows.Any(r => r.SopInstanceUid == unacknowledged));
        await AssertConsistentAsync(rows, acknowledged);
    }

    [Theory]
    [InlineData("PerFile")]
    [InlineData("FileSystem")]
    public async Task Four_associations_killed_with_rows_committed_before_their_content_was_durable_lose_no_acknowledged_instance(string contentFlush)
    {
        // FileSystem: the associations' content flushes shared (one syncfs per group), as the rows' commits are.
        _contentFlush = contentFlush;
        var study = TestStudy.NewUid();
        var series = Enumerable.Range(0, 4)
            .Select(i => TestStudy.WriteSeries(_dir.Combine($"source{i}"), study, TestStudy.NewUid(), "CT", 25, size: 8))
            .ToList();

        var (acknowledged, _) = await SendUntilKilledAsync($"{CrashPoint.InstanceRowsCommittedContentUnconfirmed}:10", series);

        // Every row still flagged whose instance was not acknowledged loses its content, as a power cut could.
        var acknowledgedUids = acknowledged.Select(f => InstanceMetadataReader.Read(f).SopInstanceUid).ToHashSet(StringComparer.Ordinal);
        var lost = UnconfirmedRowsAfterKill().Where(r => !acknowledgedUids.Contains(r.Key)).ToList();
        Assert.NotEmpty(lost);
        foreach (var (_, path) in lost)
        {
            File.Delete(path);
        }

        var rows = await RecoveredRowsAsync();
        Assert.InRange(acknowledged.Count, 1, 99);
        Assert.DoesNotContain(rows, r => lost.Any(l => l.Key == r.SopInstanceUid));
        await AssertConsistentAsync(rows, acknowledged);
    }

    [Fact]
    public async Task Four_associations_killed_after_a_group_commit_lose_no_acknowledged_instance()
    {
        var study = TestStudy.NewUid();
        var series = Enumerable.Range(0, 4)
            .Select(i => TestStudy.WriteSeries(_dir.Combine($"source{i}"), study, TestStudy.NewUid(), "CT", 25, size: 8))
            .ToList();

        var (acknowledged, _) = await SendUntilKilledAsync($"{CrashPoint.InstanceRowsCommitted}:10", series);

        var rows = await RecoveredRowsAsync();
        Assert.InRange(acknowledged.Count, 1, 99);
        Assert.True(rows.Count >= acknowledged.Count);
        await AssertConsistentAsync(rows, acknowledged);
    }

    /// <summary>Starts the host with the kill point, sends each list on its own association, and returns the files storescu saw acknowledged.</summary>
    private async Task<(List<string> Acknowledged, bool AnyFailed)> SendUntilKilledAsync(string crashAt, IReadOnlyList<List<string>> associations)
    {
        var storescu = Peers.Require("storescu", "dcmtk");
        var port = Peers.FreeTcpPort();
        var host = StartHost(port, crashAt);
        await TestStudy.WaitForPortAsync(port, host);

        var sends = associations.Select(files => Task.Run(() => Peers.Run(storescu,
            ["-v", "-aet", "MODALITY1", "-aec", "RADCNN", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files],
            TimeSpan.FromSeconds(60), environment: new Dictionary<string, string> { ["TCP_NODELAY"] = "1" }))).ToList();
        var results = await Task.WhenAll(sends);
        Assert.True(host.WaitForExit(TimeSpan.FromSeconds(30)), "the kill point was not reached");
        return ([.. results.SelectMany(r => AcknowledgedFiles(r.Combined))], results.Any(r => r.ExitCode != 0));
    }

    /// <summary>storescu -v names each file before sending it and logs the response's status after.</summary>
    private static IEnumerable<string> AcknowledgedFiles(string log)
    {
        string? sending = null;
        foreach (var line in log.Split('\n'))
        {
            if (line.Contains("Sending file: ", StringComparison.Ordinal))
            {
                sending = line[(line.IndexOf("Sending file: ", StringComparison.Ordinal) + 14)..].Trim();
            }
            else if (line.Contains("Received Store Response (Success)", StringComparison.Ordinal) && sending is not null)
            {
                yield return sending;
                sending = null;
            }
        }
    }

    /// <summary>Restarts the host without the kill point (its start-up recovery runs before the listener opens), stops it and reads the rows.</summary>
    private async Task<List<InstanceRecord>> RecoveredRowsAsync()
    {
        var port = Peers.FreeTcpPort();
        var host = StartHost(port, crashAt: null);
        await TestStudy.WaitForPortAsync(port, host);
        host.Kill();
        await host.WaitForExitAsync();

        using var store = new SqliteJobStore(PipelinePaths.For(_dir.Combine("var")).Database, TimeProvider.System);
        var open = await store.GetOpenSeriesAsync();
        var rows = new List<InstanceRecord>();
        foreach (var series in open)
        {
            rows.AddRange(await store.GetInstancesAsync(series.SeriesInstanceUid));
        }

        return rows;
    }

    /// <summary>The rows committed with their content unconfirmed, as the killed host left them: SOP Instance UID → file.</summary>
    private Dictionary<string, string> UnconfirmedRowsAfterKill()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={PipelinePaths.For(_dir.Combine("var")).Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sop_instance_uid, spool_path FROM instances WHERE content_unconfirmed=1";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            rows[reader.GetString(0)] = reader.GetString(1);
        }

        return rows;
    }

    private async Task AssertConsistentAsync(List<InstanceRecord> rows, List<string> acknowledged)
    {
        var stored = rows.Select(r => r.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
        Assert.All(acknowledged, f => Assert.Contains(InstanceMetadataReader.Read(f).SopInstanceUid, stored));

        // Nothing half written is visible: every row names a whole file, as hashed when it was received.
        foreach (var row in rows)
        {
            var bytes = await File.ReadAllBytesAsync(row.SpoolPath);
            Assert.Equal(row.Size, bytes.Length);
            Assert.Equal(row.ContentHash, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        // And nothing else is left in the spool: the files of instances never committed were swept at the restart.
        var received = Directory.GetFiles(new Spool(PipelinePaths.For(_dir.Combine("var")).Spool).Received);
        Assert.Equal(rows.Select(r => r.SpoolPath).Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }

    private Process StartHost(int port, string? crashAt)
    {
        var pluginsDir = Directory.CreateDirectory(_dir.Combine("plugins")).FullName;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            typeof(ServiceHostBuilder).Assembly.Location, "run", "--data-dir", _dir.Combine("var"), "--port", port.ToString(CultureInfo.InvariantCulture),
            "--plugins-dir", pluginsDir, "--RadCnn:Assembly:QuietPeriodSeconds=600", "--RadCnn:Storage:ReserveMegabytes=0",
            "--RadCnn:Inbox:ScanSeconds=60", "--Logging:LogLevel:Default=Warning", $"--RadCnn:Listener:ContentFlush={_contentFlush}",
        })
        {
            info.ArgumentList.Add(arg);
        }

        if (crashAt is not null)
        {
            info.Environment["RADCNN_CRASH_AT"] = crashAt;
        }

        info.Environment["TMPDIR"] = Directory.CreateDirectory(_dir.Combine("tmp")).FullName;
        var process = Process.Start(info)!;
        _hosts.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
