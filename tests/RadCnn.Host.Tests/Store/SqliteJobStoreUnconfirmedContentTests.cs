using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using RadCnn.Host.Store;
using RadCnn.TestSupport;
using static RadCnn.Host.Tests.Store.StoreTestData;

namespace RadCnn.Host.Tests.Store;

/// <summary>
/// Rows committed while their file's content fsync is still under way: the commit does not wait for
/// the content, the caller waits for both, and start-up keeps a flagged row only when its file is
/// whole (size and SHA-256 as recorded).
/// </summary>
public sealed class SqliteJobStoreUnconfirmedContentTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-unconfirmed");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private SqliteJobStore _store;

    public SqliteJobStoreUnconfirmedContentTests() => _store = Open();

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_row_commits_while_the_content_flushes_and_the_caller_waits_for_both()
    {
        var content = new TaskCompletionSource();
        var put = _store.PutInstanceWhileFlushingAsync(await FileInstanceAsync("1.1"), content.Task);

        // The row is committed (visible to another connection) while the content is still on its way.
        await WaitUntilAsync(() => Unconfirmed().Contains("1.1"));
        Assert.False(put.IsCompleted);

        content.SetResult();
        Assert.Equal(InstanceStoreOutcome.Added, (await put).Outcome);

        // Confirmed lazily: the next group commit clears the flag, no flush of its own.
        Assert.Contains("1.1", Unconfirmed());
        await _store.PutInstanceAsync(Instance("1.2"));
        Assert.Empty(Unconfirmed());
    }

    [Fact]
    public async Task A_failed_content_flush_fails_the_put_and_withdraws_the_row()
    {
        var content = new TaskCompletionSource();
        var put = _store.PutInstanceWhileFlushingAsync(await FileInstanceAsync("2.1"), content.Task);
        await WaitUntilAsync(() => Unconfirmed().Contains("2.1"));

        content.SetException(new IOException("no space left on device"));

        await Assert.ThrowsAsync<IOException>(() => put);
        Assert.Empty(await _store.GetInstancesAsync("1.2.3.1"));
        Assert.Null(await _store.GetSeriesAsync("1.2.3.1"));
    }

    [Fact]
    public async Task A_replacement_waits_for_its_content_so_the_acknowledged_row_is_never_overwritten_unconfirmed()
    {
        await _store.PutInstanceAsync(await FileInstanceAsync("3.1"));
        var content = new TaskCompletionSource();
        var replacement = await FileInstanceAsync("3.1", "other bytes");
        var put = _store.PutInstanceWhileFlushingAsync(replacement, content.Task);
        await _store.PutInstanceAsync(Instance("3.2"));

        // A whole group committed after the replacement was queued, and the row still names the first copy.
        Assert.False(put.IsCompleted);
        Assert.NotEqual(replacement.ContentHash, (await _store.GetInstancesAsync("1.2.3.1")).Single(i => i.SopInstanceUid == "3.1").ContentHash);

        content.SetResult();
        Assert.Equal(InstanceStoreOutcome.Replaced, (await put).Outcome);
        Assert.Equal(replacement.ContentHash, (await _store.GetInstancesAsync("1.2.3.1")).Single(i => i.SopInstanceUid == "3.1").ContentHash);
        Assert.Empty(Unconfirmed());
    }

    [Fact]
    public async Task Start_up_drops_flagged_rows_whose_file_is_missing_short_or_altered_and_keeps_whole_ones()
    {
        // Four rows committed together, their contents confirmed after: no later commit cleared the flags.
        var instances = new List<InstanceRecord>();
        foreach (var sop in new[] { "4.1", "4.2", "4.3", "4.4" })
        {
            instances.Add(await FileInstanceAsync(sop));
        }

        var contents = instances.Select(_ => new TaskCompletionSource()).ToList();
        var puts = instances.Select((i, n) => _store.PutInstanceWhileFlushingAsync(i, contents[n].Task)).ToList();
        await WaitUntilAsync(() => Unconfirmed().Count == 4);
        contents.ForEach(c => c.SetResult());
        await Task.WhenAll(puts);
        _store.Dispose();

        // What a power cut could leave of contents not yet flushed: nothing, a short file, other bytes.
        File.Delete(instances[0].SpoolPath);
        await using (var file = new FileStream(instances[1].SpoolPath, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        var bytes = await File.ReadAllBytesAsync(instances[2].SpoolPath);
        bytes[^1] ^= 0xff;
        await File.WriteAllBytesAsync(instances[2].SpoolPath, bytes);

        _store = Open();
        Assert.Equal(3, await _store.DropUnconfirmedInstancesAsync());

        Assert.Equal(["4.4"], (await _store.GetInstancesAsync("1.2.3.1")).Select(i => i.SopInstanceUid));
        Assert.Equal(1, (await _store.GetSeriesAsync("1.2.3.1"))!.InstanceCount);
        Assert.Empty(Unconfirmed());
        Assert.Equal(0, await _store.DropUnconfirmedInstancesAsync());
    }

    private SqliteJobStore Open() => new(_dir.Combine("radcnn.db"), _time);

    /// <summary>An instance row naming a real file, hashed as the listener would have.</summary>
    private async Task<InstanceRecord> FileInstanceAsync(string sop, string text = "instance bytes")
    {
        var path = _dir.Combine($"{sop}-{Guid.NewGuid():N}.dcm");
        var content = System.Text.Encoding.UTF8.GetBytes($"{text} of {sop}");
        await File.WriteAllBytesAsync(path, content);
        return Instance(sop, hash: Convert.ToHexStringLower(SHA256.HashData(content))) with { SpoolPath = path, Size = content.Length };
    }

    /// <summary>The flagged rows, read through a connection of their own (what another process would see committed).</summary>
    private List<string> Unconfirmed()
    {
        using var connection = new SqliteConnection($"Data Source={_dir.Combine("radcnn.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sop_instance_uid FROM instances WHERE content_unconfirmed=1";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
