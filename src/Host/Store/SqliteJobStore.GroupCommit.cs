using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace RadCnn.Host.Store;

/// <summary>
/// Group commit of instance rows. Every association waits for its own row's commit before its
/// C-STORE response, and each commit is an fsync of the WAL (synchronous=FULL); rows that arrive
/// while a commit is on its way to the disk are queued and committed together by the next one: one
/// transaction and one flush for all of them, each waiter released only once that commit returned.
/// A row that fails (a constraint, a bad value) is rolled back to its own savepoint and its waiter
/// gets the error; a failed commit fails every waiter of the group.
/// No committer thread: the caller that finds no commit under way commits the queue itself, on its
/// own thread, and the threads that queue rows meanwhile leave them to it (it looks at the queue
/// again after letting go). A lone association then commits its row without waking another thread
/// and being woken again: two thread switches per instance fewer on a machine where the ingest is
/// CPU-bound.
/// </summary>
internal sealed partial class SqliteJobStore
{
    /// <summary>Rows per transaction at most: bounds the time one commit holds the store's lock and the latency of the last waiter.</summary>
    internal const int MaxInstanceGroup = 64;

    /// <summary>Groups a caller commits before it hands the rest of the queue to a pool thread: bounds the wait of its own response.</summary>
    private const int GroupsPerCaller = 2;

    private readonly Channel<PendingInstance> _instanceRows = Channel.CreateUnbounded<PendingInstance>();
    private readonly List<PendingInstance> _group = new(MaxInstanceGroup);

    /// <summary>1 while a thread commits queued rows (see CommitQueuedRows).</summary>
    private int _committing;

    /// <summary>Commits (transactions) that carried instance rows, for tests and metrics: fewer than the rows when grouping worked.</summary>
    public long InstanceGroupCommits => Interlocked.Read(ref _instanceGroupCommits);

    private long _instanceGroupCommits;

    /// <summary>
    /// Records an instance whose bytes are durable in the spool; completes once its row is committed
    /// (and with it every row queued alongside). Cancellation only applies before the row is queued:
    /// once queued it is committed, and the caller still waits for the commit. Where no commit is
    /// under way the row is committed on the caller's thread before this returns.
    /// </summary>
    public Task<InstanceStoreResult> PutInstanceAsync(InstanceRecord instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(new PendingInstance(instance, null)).Committed.Task;
    }

    private PendingInstance Enqueue(PendingInstance pending)
    {
        if (!_instanceRows.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteJobStore));
        }

        CommitQueuedRows();
        return pending;
    }

    /// <summary>No more rows; those queued before are committed (on this thread) and then the store may close.</summary>
    private void StopInstanceCommitter()
    {
        _instanceRows.Writer.TryComplete();
        var wait = new SpinWait();
        while (Interlocked.CompareExchange(ref _committing, 1, 0) != 0)
        {
            wait.SpinOnce();
        }

        try
        {
            while (TakeGroup())
            {
                CommitGroup(_group);
            }
        }
        finally
        {
            _group.Clear();
            Volatile.Write(ref _committing, 0);
        }
    }

    /// <summary>
    /// Commits the queued rows unless another thread is doing so: that one looks at the queue again
    /// after letting go, so a row queued meanwhile is never left behind. After
    /// <see cref="GroupsPerCaller"/> groups (its own row was in the first) a caller hands what is
    /// still queued to a pool thread, so a busy store does not hold one association's response.
    /// </summary>
    private void CommitQueuedRows()
    {
        var groups = 0;
        while (_instanceRows.Reader.TryPeek(out _))
        {
            if (Interlocked.CompareExchange(ref _committing, 1, 0) != 0)
            {
                return;
            }

            try
            {
                while (groups < GroupsPerCaller && TakeGroup())
                {
                    CommitGroup(_group);
                    _group.Clear();
                    groups++;
                }
            }
            finally
            {
                _group.Clear();
                // A full fence, not a release write: the queue is read again below, and a store that could
                // pass that read would let a row queued meanwhile find the flag still set and be left behind.
                Interlocked.Exchange(ref _committing, 0);
            }

            if (groups >= GroupsPerCaller)
            {
                if (_instanceRows.Reader.TryPeek(out _))
                {
                    _ = Task.Run(CommitQueuedRows);
                }

                return;
            }
        }
    }

    /// <summary>Fills <see cref="_group"/> from the queue (at most <see cref="MaxInstanceGroup"/> rows); false when it was empty. Only while committing.</summary>
    private bool TakeGroup()
    {
        _group.Clear();
        while (_group.Count < MaxInstanceGroup && _instanceRows.Reader.TryRead(out var next))
        {
            _group.Add(next);
        }

        return _group.Count > 0;
    }

    private void CommitGroup(List<PendingInstance> group)
    {
        var outcomes = new object?[group.Count];
        var unconfirmed = false;
        try
        {
            lock (_gate)
            {
                using var tx = _connection.BeginTransaction(deferred: false);
                ConfirmContents(tx);
                for (var i = 0; i < group.Count; i++)
                {
                    // The savepoint statements through the prepared ones (SqliteTransaction.Save and Release
                    // would parse theirs again for every row); the rare rollback keeps the plain call.
                    Execute(tx, "SAVEPOINT row");
                    try
                    {
                        outcomes[i] = PutInstanceRow(tx, group[i]);
                        Execute(tx, "RELEASE row");
                        unconfirmed |= group[i].Unconfirmed;
                    }
                    catch (Exception ex) when (ex is SqliteException or InvalidOperationException or FormatException or InvalidCastException)
                    {
                        tx.Rollback("row");
                        outcomes[i] = ex;
                    }
                }

                CrashPoint.Reach(CrashPoint.InstanceRowsWritten);
                tx.Commit();
            }

            Interlocked.Increment(ref _instanceGroupCommits);
            CrashPoint.Reach(CrashPoint.InstanceRowsCommitted);
            if (unconfirmed)
            {
                CrashPoint.Reach(CrashPoint.InstanceRowsCommittedContentUnconfirmed);
            }
        }
#pragma warning disable CA1031 // every waiter must hear of any failure, or its association hangs
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Array.Fill(outcomes, ex);
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (outcomes[i] is InstanceStoreResult result)
            {
                group[i].Committed.TrySetResult(result);
            }
            else if (outcomes[i] is Exception ex)
            {
                group[i].Committed.TrySetException(ex);
            }
            else
            {
                RequeueWhenContentDurable(group[i]);
            }
        }
    }

    /// <summary>
    /// One instance's row, inside the group's transaction (see PutInstanceAsync); null when it has to
    /// wait for its content (see PutInstanceWhileFlushingAsync): nothing written then.
    /// </summary>
    private InstanceStoreResult? PutInstanceRow(SqliteTransaction tx, PendingInstance pending)
    {
        var instance = pending.Instance;
        var unconfirmed = pending.Content is not null;
        pending.Unconfirmed = false;
        // The identity rule again, inside the commit: two associations that both passed the early check
        // with one UID for two patients cannot both be stored; the later one is set aside, nothing written.
        if (instance.PatientHash is { } incoming && IdentityConflict(tx, instance, incoming) is { } conflict)
        {
            return InstanceStoreResult.SetAside(instance, conflict);
        }

        var existing = Query(tx, "SELECT content_hash, spool_path, series_uid FROM instances WHERE sop_instance_uid=$sop",
            r => (Hash: (string?)r.GetString(0), Path: (string?)r.GetString(1), Series: (string?)r.GetString(2)), ("$sop", instance.SopInstanceUid)).FirstOrDefault();
        var existingHash = existing.Hash;
        var previousPath = existing.Path is { } p && p != instance.SpoolPath ? p : null;
        if (existingHash == instance.ContentHash)
        {
            var current = ReadSeries(tx, instance.SeriesInstanceUid)!;
            return new InstanceStoreResult(InstanceStoreOutcome.Duplicate, current.SeriesInstanceUid, current.Revision,
                current.Generation, false, current.CallingAe, current.TraceParent);
        }

        if (unconfirmed && existingHash is not null)
        {
            // A replacement overwrites the row of an instance acknowledged before: should this file's
            // content never reach the disk, dropping the row at start-up would lose that one too. The
            // rare replacement keeps the sequential order instead.
            return null;
        }

        pending.Unconfirmed = unconfirmed;

        Execute(tx, """
            INSERT INTO instances(sop_instance_uid, sop_class_uid, series_uid, study_uid, modality, body_part, series_description,
              calling_ae, source, spool_path, content_hash, size, received_at, content_unconfirmed)
            VALUES($sop, $class, $series, $study, $modality, $body, $desc, $ae, $source, $path, $hash, $size, $at, $unconfirmed)
            ON CONFLICT(sop_instance_uid) DO UPDATE SET sop_class_uid=excluded.sop_class_uid, series_uid=excluded.series_uid,
              study_uid=excluded.study_uid, modality=excluded.modality, body_part=excluded.body_part,
              series_description=excluded.series_description, calling_ae=excluded.calling_ae, source=excluded.source,
              spool_path=excluded.spool_path, content_hash=excluded.content_hash, size=excluded.size, received_at=excluded.received_at,
              content_unconfirmed=excluded.content_unconfirmed
            """,
            ("$sop", instance.SopInstanceUid), ("$class", instance.SopClassUid), ("$series", instance.SeriesInstanceUid),
            ("$study", instance.StudyInstanceUid), ("$modality", instance.Modality), ("$body", instance.BodyPart),
            ("$desc", instance.SeriesDescription), ("$ae", instance.CallingAe), ("$source", instance.Source),
            ("$path", instance.SpoolPath), ("$hash", instance.ContentHash), ("$size", instance.Size),
            ("$at", instance.ReceivedAt.ToUnixTimeMilliseconds()), ("$unconfirmed", unconfirmed ? 1 : 0));

        if (instance.PatientHash is { } patient)
        {
            // The first patient seen for a UID and for a series stays theirs; see CheckIdentityAsync.
            Execute(tx, "INSERT OR IGNORE INTO patient_identities(kind, uid, patient_hash) VALUES('sop', $sop, $p), ('series', $series, $p)",
                ("$sop", instance.SopInstanceUid), ("$series", instance.SeriesInstanceUid), ("$p", patient));
        }

        // The series' count kept by arithmetic, not recounted: a COUNT(*) over the series' index entries
        // made each instance cost more than the one before it. A replaced instance that lived in another
        // series leaves that one.
        var joins = existing.Series != instance.SeriesInstanceUid;
        if (joins && existing.Series is { } left)
        {
            Execute(tx, "UPDATE series SET instance_count=instance_count-1 WHERE series_uid=$series AND instance_count>0", ("$series", left));
        }

        var now = Now();
        var series = ReadSeries(tx, instance.SeriesInstanceUid);
        if (series is null)
        {
            var trace = NewTraceParent();
            Execute(tx, """
                INSERT INTO series(series_uid, study_uid, modality, body_part, series_description, sop_class_uid, calling_ae,
                  open, generation, revision, instance_count, last_received_at, trace_parent)
                VALUES($series, $study, $modality, $body, $desc, $class, $ae, 1, 1, 1, 1, $at, $trace)
                """,
                ("$series", instance.SeriesInstanceUid), ("$study", instance.StudyInstanceUid), ("$modality", instance.Modality),
                ("$body", instance.BodyPart), ("$desc", instance.SeriesDescription), ("$class", instance.SopClassUid),
                ("$ae", instance.CallingAe), ("$at", now), ("$trace", trace));
            return new InstanceStoreResult(InstanceStoreOutcome.Added, instance.SeriesInstanceUid, 1, 1, false, instance.CallingAe, trace) { PreviousSpoolPath = previousPath };
        }

        var reopened = !series.Open;
        var generation = reopened ? series.Generation + 1 : series.Generation;
        var traceParent = reopened ? NewTraceParent() : series.TraceParent;
        Execute(tx, """
            UPDATE series SET open=1, generation=$gen, revision=revision+1, last_received_at=$at, trace_parent=$trace,
              instance_count=instance_count+$joins
            WHERE series_uid=$series
            """,
            ("$gen", generation), ("$at", now), ("$trace", traceParent), ("$joins", joins ? 1 : 0), ("$series", instance.SeriesInstanceUid));
        return new InstanceStoreResult(existingHash is null ? InstanceStoreOutcome.Added : InstanceStoreOutcome.Replaced,
            instance.SeriesInstanceUid, series.Revision + 1, generation, reopened, series.CallingAe, traceParent) { PreviousSpoolPath = previousPath };
    }

    /// <summary>A row on its way to the group commit; <see cref="Content"/> is the file's fsync when it was still under way at the put.</summary>
    private sealed class PendingInstance(InstanceRecord instance, Task? content)
    {
        public InstanceRecord Instance { get; } = instance;

        public Task? Content { get; } = content;

        public TaskCompletionSource<InstanceStoreResult> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The row was committed flagged content_unconfirmed (set by the committer before it releases the waiter).</summary>
        public bool Unconfirmed { get; set; }
    }
}
