using System.Diagnostics;
using Npgsql;

namespace RadCnn.Host.Store;

/// <summary>
/// The job store on PostgreSQL, shared by the nodes of a cluster. Same tables, same rules as
/// <see cref="SqliteJobStore"/>: a method returns after its transaction committed (PostgreSQL's default
/// synchronous_commit=on flushes the WAL first), so an acknowledgement sent after it survives a crash of the
/// node or of the server. Where two nodes may touch the same series or report at once, a transaction-scoped
/// advisory lock on its UID serialises them; job claims are single conditional UPDATEs, which PostgreSQL
/// re-checks after a concurrent writer commits, so only one node ever starts a job.
/// </summary>
internal sealed partial class PostgresJobStore : IJobStore
{
    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private readonly string _nodeId;
    private readonly bool _queueOutbox;

    private PostgresJobStore(NpgsqlDataSource source, TimeProvider time, string nodeId, bool queueOutbox)
    {
        _queueOutbox = queueOutbox;
        _source = source;
        _time = time;
        _nodeId = nodeId;
    }

    /// <summary>Connects, brings the schema to the version this build knows, and returns the store.</summary>
    /// <param name="connectionString">Npgsql's form.</param>
    /// <param name="time">The clock of every row's timestamps and of the retries' waits.</param>
    /// <param name="nodeId">This node: the jobs it starts carry it.</param>
    /// <param name="queueOutbox">Queued jobs also get an outbox row for the work queue's relay (RadCnn:Queue on).</param>
    /// <param name="cancellationToken">Stops the first connection and the migration.</param>
    public static async Task<PostgresJobStore> OpenAsync(string connectionString, TimeProvider time, string nodeId, bool queueOutbox = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        var source = NpgsqlDataSource.Create(connectionString);
        try
        {
            await PostgresSchema.MigrateAsync(source, time, cancellationToken).ConfigureAwait(false);
            return new PostgresJobStore(source, time, nodeId, queueOutbox);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task<InstanceStoreResult> PutInstanceAsync(InstanceRecord instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return InTransactionAsync(async (c, tx) =>
        {
            // Two ingest nodes receiving instances of one series: one at a time, so the series row,
            // its revision and its count stay those of a single writer.
            await LockKeyAsync(c, tx, "series:" + instance.SeriesInstanceUid).ConfigureAwait(false);

            // The identity rule again, inside the transaction and under a lock on the UID (always taken after
            // the series', so two writers never wait for each other in a cycle): two nodes that both passed the
            // early check with one UID for two patients cannot both store it; the later one is set aside.
            await LockKeyAsync(c, tx, "sop:" + instance.SopInstanceUid).ConfigureAwait(false);
            if (instance.PatientHash is { } incoming
                && await IdentityConflictAsync(c, tx, instance.SopInstanceUid, instance.SeriesInstanceUid, incoming).ConfigureAwait(false) is { } conflict)
            {
                return InstanceStoreResult.SetAside(instance, conflict);
            }
            var existingHash = await ScalarAsync<string>(c, tx, "SELECT content_hash FROM instances WHERE sop_instance_uid=@sop", ("sop", instance.SopInstanceUid)).ConfigureAwait(false);
            if (existingHash == instance.ContentHash)
            {
                var current = (await ReadSeriesAsync(c, tx, instance.SeriesInstanceUid).ConfigureAwait(false))!;
                return new InstanceStoreResult(InstanceStoreOutcome.Duplicate, current.SeriesInstanceUid, current.Revision,
                    current.Generation, false, current.CallingAe, current.TraceParent);
            }

            await ExecuteAsync(c, tx, """
                INSERT INTO instances(sop_instance_uid, sop_class_uid, series_uid, study_uid, modality, body_part, series_description,
                  calling_ae, source, spool_path, content_hash, size, received_at)
                VALUES(@sop, @class, @series, @study, @modality, @body, @desc, @ae, @source, @path, @hash, @size, @at)
                ON CONFLICT(sop_instance_uid) DO UPDATE SET sop_class_uid=excluded.sop_class_uid, series_uid=excluded.series_uid,
                  study_uid=excluded.study_uid, modality=excluded.modality, body_part=excluded.body_part,
                  series_description=excluded.series_description, calling_ae=excluded.calling_ae, source=excluded.source,
                  spool_path=excluded.spool_path, content_hash=excluded.content_hash, size=excluded.size, received_at=excluded.received_at
                """,
                ("sop", instance.SopInstanceUid), ("class", instance.SopClassUid), ("series", instance.SeriesInstanceUid),
                ("study", instance.StudyInstanceUid), ("modality", instance.Modality), ("body", instance.BodyPart),
                ("desc", instance.SeriesDescription), ("ae", instance.CallingAe), ("source", instance.Source),
                ("path", instance.SpoolPath), ("hash", instance.ContentHash), ("size", instance.Size),
                ("at", instance.ReceivedAt.ToUnixTimeMilliseconds())).ConfigureAwait(false);

            if (instance.PatientHash is { } patient)
            {
                // The first patient seen for a UID and for a series stays theirs; see CheckIdentityAsync.
                await ExecuteAsync(c, tx, """
                    INSERT INTO patient_identities(kind, uid, patient_hash) VALUES('sop', @sop, @p), ('series', @series, @p)
                    ON CONFLICT DO NOTHING
                    """, ("sop", instance.SopInstanceUid), ("series", instance.SeriesInstanceUid), ("p", patient)).ConfigureAwait(false);
            }

            var now = Now();
            var series = await ReadSeriesAsync(c, tx, instance.SeriesInstanceUid).ConfigureAwait(false);
            if (series is null)
            {
                var trace = NewTraceParent();
                await ExecuteAsync(c, tx, """
                    INSERT INTO series(series_uid, study_uid, modality, body_part, series_description, sop_class_uid, calling_ae,
                      open, generation, revision, instance_count, last_received_at, trace_parent)
                    VALUES(@series, @study, @modality, @body, @desc, @class, @ae, TRUE, 1, 1, 1, @at, @trace)
                    """,
                    ("series", instance.SeriesInstanceUid), ("study", instance.StudyInstanceUid), ("modality", instance.Modality),
                    ("body", instance.BodyPart), ("desc", instance.SeriesDescription), ("class", instance.SopClassUid),
                    ("ae", instance.CallingAe), ("at", now), ("trace", trace)).ConfigureAwait(false);
                return new InstanceStoreResult(InstanceStoreOutcome.Added, instance.SeriesInstanceUid, 1, 1, false, instance.CallingAe, trace);
            }

            var reopened = !series.Open;
            var generation = reopened ? series.Generation + 1 : series.Generation;
            var traceParent = reopened ? NewTraceParent() : series.TraceParent;
            await ExecuteAsync(c, tx, """
                UPDATE series SET open=TRUE, generation=@gen, revision=revision+1, last_received_at=@at, trace_parent=@trace,
                  instance_count=(SELECT COUNT(*) FROM instances WHERE series_uid=@series)
                WHERE series_uid=@series
                """,
                ("gen", generation), ("at", now), ("trace", traceParent), ("series", instance.SeriesInstanceUid)).ConfigureAwait(false);
            return new InstanceStoreResult(existingHash is null ? InstanceStoreOutcome.Added : InstanceStoreOutcome.Replaced,
                instance.SeriesInstanceUid, series.Revision + 1, generation, reopened, series.CallingAe, traceParent);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<InstanceRecord>> GetInstancesAsync(string seriesInstanceUid, CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<InstanceRecord>>(async (c, tx) => await QueryAsync(c, tx, """
            SELECT sop_instance_uid, sop_class_uid, series_uid, study_uid, modality, body_part, series_description, calling_ae,
              source, spool_path, content_hash, size, received_at
            FROM instances WHERE series_uid=@series ORDER BY received_at, sop_instance_uid COLLATE "C"
            """, ReadInstance, ("series", seriesInstanceUid)).ConfigureAwait(false), cancellationToken);

    public Task<SeriesRecord?> GetSeriesAsync(string seriesInstanceUid, CancellationToken cancellationToken = default) =>
        InTransactionAsync((c, tx) => ReadSeriesAsync(c, tx, seriesInstanceUid), cancellationToken);

    public Task<IReadOnlyList<SeriesRecord>> GetOpenSeriesAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<SeriesRecord>>(async (c, tx) =>
            await QueryAsync(c, tx, SeriesSelect + " WHERE open", ReadSeriesRow).ConfigureAwait(false), cancellationToken);

    public Task<WorkItemRecord?> CompleteSeriesAsync(string seriesInstanceUid, long expectedRevision, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, tx) =>
        {
            await LockKeyAsync(c, tx, "series:" + seriesInstanceUid).ConfigureAwait(false);
            var series = await ReadSeriesAsync(c, tx, seriesInstanceUid).ConfigureAwait(false);
            if (series is null || !series.Open || series.Revision != expectedRevision)
            {
                return null;
            }

            await ExecuteAsync(c, tx, "UPDATE series SET open=FALSE WHERE series_uid=@series", ("series", seriesInstanceUid)).ConfigureAwait(false);
            return await InsertWorkItemAsync(c, tx, WorkItemKind.Series, seriesInstanceUid, series.Generation, series.TraceParent).ConfigureAwait(false);
        }, cancellationToken);

    public void Dispose() => _source.Dispose();

    private const string SeriesSelect = """
        SELECT series_uid, study_uid, modality, body_part, series_description, sop_class_uid, calling_ae, open, generation,
          revision, instance_count, last_received_at, trace_parent FROM series
        """;

    private static async Task<SeriesRecord?> ReadSeriesAsync(NpgsqlConnection c, NpgsqlTransaction tx, string seriesUid) =>
        (await QueryAsync(c, tx, SeriesSelect + " WHERE series_uid=@series", ReadSeriesRow, ("series", seriesUid)).ConfigureAwait(false)).FirstOrDefault();

    private static SeriesRecord ReadSeriesRow(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), NullableString(r, 2), NullableString(r, 3), NullableString(r, 4), r.GetString(5),
        NullableString(r, 6), r.GetBoolean(7), r.GetInt32(8), r.GetInt64(9), r.GetInt32(10), Millis(r, 11), r.GetString(12));

    private static InstanceRecord ReadInstance(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), NullableString(r, 4), NullableString(r, 5),
        NullableString(r, 6), NullableString(r, 7), r.GetString(8), r.GetString(9), r.GetString(10), r.GetInt64(11), Millis(r, 12));

    /// <summary>A fresh W3C traceparent: each work item (series generation or report) is its own trace.</summary>
    private static string NewTraceParent() =>
        $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
