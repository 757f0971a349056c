using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace RadCnn.Host.Store;

/// <summary>
/// Instance rows committed while their file's content fsync is still under way, so that the two
/// flushes on the way to a C-STORE response overlap instead of following each other. Such a row is
/// committed with content_unconfirmed=1; once its content is durable the flag is cleared by the next
/// group commit (no flush of its own), and the response waits for both. A crash between the two can
/// leave a committed row whose file never reached the disk whole: it was never acknowledged, and
/// start-up drops it (<see cref="DropUnconfirmedInstancesAsync"/>) before the spool's sweep removes
/// what is left of its file. Only flagged rows are checked (a partial index), so recovery costs a
/// few rows' hashing, not the spool's.
/// </summary>
internal sealed partial class SqliteJobStore
{
    /// <summary>Rows whose content became durable since their commit: cleared in the next group's transaction.</summary>
    private readonly ConcurrentQueue<(string Sop, string Path)> _contentsConfirmed = new();

    public async Task<InstanceStoreResult> PutInstanceWhileFlushingAsync(InstanceRecord instance, Task contentDurable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(contentDurable);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = Enqueue(new PendingInstance(instance, contentDurable));
        try
        {
            await contentDurable.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The sender hears of the failure; the row, if committed, must not stay to name a file
            // whose content may never reach the disk.
            try
            {
                await pending.Committed.Task.ConfigureAwait(false);
                if (pending.Unconfirmed)
                {
                    Locked(() => DropInstanceRow(instance.SopInstanceUid, instance.SpoolPath, instance.SeriesInstanceUid));
                }
            }
#pragma warning disable CA1031 // the content's failure is the one the caller must hear of
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            throw;
        }

        var result = await pending.Committed.Task.ConfigureAwait(false);
        if (pending.Unconfirmed)
        {
            _contentsConfirmed.Enqueue((instance.SopInstanceUid, instance.SpoolPath));
        }

        return result;
    }

    public Task<int> DropUnconfirmedInstancesAsync(CancellationToken cancellationToken = default)
    {
        var rows = Locked(() => Query(null,
            "SELECT sop_instance_uid, spool_path, series_uid, content_hash, size FROM instances WHERE content_unconfirmed=1",
            r => (Sop: r.GetString(0), Path: r.GetString(1), Series: r.GetString(2), Hash: r.GetString(3), Size: r.GetInt64(4))));
        var dropped = 0;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsWhole(row.Path, row.Size, row.Hash))
            {
                Locked(() => Execute(null, "UPDATE instances SET content_unconfirmed=0 WHERE sop_instance_uid=$sop AND spool_path=$path",
                    ("$sop", row.Sop), ("$path", row.Path)));
            }
            else
            {
                dropped += Locked(() => DropInstanceRow(row.Sop, row.Path, row.Series)) ? 1 : 0;
            }
        }

        return Task.FromResult(dropped);
    }

    /// <summary>Clears the flag of rows whose content became durable since, inside the group's transaction.</summary>
    private void ConfirmContents(SqliteTransaction tx)
    {
        while (_contentsConfirmed.TryDequeue(out var row))
        {
            Execute(tx, "UPDATE instances SET content_unconfirmed=0 WHERE sop_instance_uid=$sop AND spool_path=$path",
                ("$sop", row.Sop), ("$path", row.Path));
        }
    }

    /// <summary>A row that waited for its content (a replacement, see PutInstanceRow) joins a later group, unflagged.</summary>
    private void RequeueWhenContentDurable(PendingInstance pending) =>
        pending.Content!.ContinueWith(content =>
        {
            if (content.Exception is { } failed)
            {
                pending.Committed.TrySetException(failed.InnerException ?? failed);
                return;
            }

            var again = new PendingInstance(pending.Instance, null);
            if (!_instanceRows.Writer.TryWrite(again))
            {
                pending.Committed.TrySetException(new ObjectDisposedException(nameof(SqliteJobStore)));
                return;
            }

            CommitQueuedRows();

            again.Committed.Task.ContinueWith(
                committed => _ = committed.Exception is { } ex ? pending.Committed.TrySetException(ex.InnerException ?? ex) : pending.Committed.TrySetResult(committed.Result),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>
    /// Removes a row that was never acknowledged (only new rows are committed unconfirmed, so no earlier
    /// copy of the UID is lost), with the identity it recorded and its place in the series' count; a
    /// series that only it had opened goes too.
    /// </summary>
    private bool DropInstanceRow(string sop, string path, string series)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        if (Execute(tx, "DELETE FROM instances WHERE sop_instance_uid=$sop AND spool_path=$path AND content_unconfirmed=1", ("$sop", sop), ("$path", path)) == 0)
        {
            return false;
        }

        Execute(tx, "DELETE FROM patient_identities WHERE kind='sop' AND uid=$sop", ("$sop", sop));
        Execute(tx, "UPDATE series SET instance_count=instance_count-1 WHERE series_uid=$series AND instance_count>0", ("$series", series));
        Execute(tx, """
            DELETE FROM series WHERE series_uid=$series AND instance_count=0 AND revision=1
              AND NOT EXISTS (SELECT 1 FROM instances WHERE series_uid=$series)
            """, ("$series", series));
        tx.Commit();
        return true;
    }

    private static bool IsWhole(string path, long size, string hash)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return file.Length == size && Convert.ToHexStringLower(SHA256.HashData(file)) == hash;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
