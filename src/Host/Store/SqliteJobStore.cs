using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace RadCnn.Host.Store;

/// <summary>
/// The job store on SQLite in WAL mode with synchronous=FULL, so a committed row survives power loss,
/// and a busy timeout so `radcnn status` and `radcnn replay` can use the database while the service runs.
/// One connection serialised by a lock: every operation is a short transaction, and SQLite has one writer anyway.
/// </summary>
internal sealed partial class SqliteJobStore : IJobStore
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly string _nodeId;
    private readonly bool _queueOutbox;

    /// <summary>Opens (creating if needed) the database and brings its schema to this build's version.</summary>
    /// <param name="databasePath">db/radcnn.db in the data directory.</param>
    /// <param name="time">The clock of every row's timestamps.</param>
    /// <param name="nodeId">The node whose running jobs <see cref="RequeueRunningAsync"/> puts back (the host name unless configured).</param>
    /// <param name="queueOutbox">Queued jobs also get an outbox row for the work queue's relay (RadCnn:Queue on).</param>
    public SqliteJobStore(string databasePath, TimeProvider time, string? nodeId = null, bool queueOutbox = false)
    {
        _queueOutbox = queueOutbox;
        _time = time;
        _nodeId = nodeId ?? Environment.MachineName;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        _connection.Open();
        Execute(null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;");
        SqliteSchema.Migrate(_connection, time);
    }

    public string DatabasePath => _connection.DataSource;

    public Task<InstanceStoreResult> PutInstanceAsync(InstanceRecord instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return Task.FromResult(InTransaction(tx =>
        {
            var existingHash = Scalar<string>(tx, "SELECT content_hash FROM instances WHERE sop_instance_uid=$sop", ("$sop", instance.SopInstanceUid));
            if (existingHash == instance.ContentHash)
            {
                var current = ReadSeries(tx, instance.SeriesInstanceUid)!;
                return new InstanceStoreResult(InstanceStoreOutcome.Duplicate, current.SeriesInstanceUid, current.Revision,
                    current.Generation, false, current.CallingAe, current.TraceParent);
            }

            Execute(tx, """
                INSERT INTO instances(sop_instance_uid, sop_class_uid, series_uid, study_uid, modality, body_part, series_description,
                  calling_ae, source, spool_path, content_hash, size, received_at)
                VALUES($sop, $class, $series, $study, $modality, $body, $desc, $ae, $source, $path, $hash, $size, $at)
                ON CONFLICT(sop_instance_uid) DO UPDATE SET sop_class_uid=excluded.sop_class_uid, series_uid=excluded.series_uid,
                  study_uid=excluded.study_uid, modality=excluded.modality, body_part=excluded.body_part,
                  series_description=excluded.series_description, calling_ae=excluded.calling_ae, source=excluded.source,
                  spool_path=excluded.spool_path, content_hash=excluded.content_hash, size=excluded.size, received_at=excluded.received_at
                """,
                ("$sop", instance.SopInstanceUid), ("$class", instance.SopClassUid), ("$series", instance.SeriesInstanceUid),
                ("$study", instance.StudyInstanceUid), ("$modality", instance.Modality), ("$body", instance.BodyPart),
                ("$desc", instance.SeriesDescription), ("$ae", instance.CallingAe), ("$source", instance.Source),
                ("$path", instance.SpoolPath), ("$hash", instance.ContentHash), ("$size", instance.Size),
                ("$at", instance.ReceivedAt.ToUnixTimeMilliseconds()));

            if (instance.PatientHash is { } patient)
            {
                // The first patient seen for a UID and for a series stays theirs; see CheckIdentityAsync.
                Execute(tx, "INSERT OR IGNORE INTO patient_identities(kind, uid, patient_hash) VALUES('sop', $sop, $p), ('series', $series, $p)",
                    ("$sop", instance.SopInstanceUid), ("$series", instance.SeriesInstanceUid), ("$p", patient));
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
                return new InstanceStoreResult(InstanceStoreOutcome.Added, instance.SeriesInstanceUid, 1, 1, false, instance.CallingAe, trace);
            }

            var reopened = !series.Open;
            var generation = reopened ? series.Generation + 1 : series.Generation;
            var traceParent = reopened ? NewTraceParent() : series.TraceParent;
            Execute(tx, """
                UPDATE series SET open=1, generation=$gen, revision=revision+1, last_received_at=$at, trace_parent=$trace,
                  instance_count=(SELECT COUNT(*) FROM instances WHERE series_uid=$series)
                WHERE series_uid=$series
                """,
                ("$gen", generation), ("$at", now), ("$trace", traceParent), ("$series", instance.SeriesInstanceUid));
            return new InstanceStoreResult(existingHash is null ? InstanceStoreOutcome.Added : InstanceStoreOutcome.Replaced,
                instance.SeriesInstanceUid, series.Revision + 1, generation, reopened, series.CallingAe, traceParent);
        }));
    }

    public Task<IReadOnlyList<InstanceRecord>> GetInstancesAsync(string seriesInstanceUid, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<InstanceRecord>>(Locked(() => Query(null, """
            SELECT sop_instance_uid, sop_class_uid, series_uid, study_uid, modality, body_part, series_description, calling_ae,
              source, spool_path, content_hash, size, received_at
            FROM instances WHERE series_uid=$series ORDER BY received_at, sop_instance_uid
            """, ReadInstance, ("$series", seriesInstanceUid))));

    public Task<SeriesRecord?> GetSeriesAsync(string seriesInstanceUid, CancellationToken cancellationToken = default) =>
        Task.FromResult(Locked(() => ReadSeries(null, seriesInstanceUid)));

    public Task<IReadOnlyList<SeriesRecord>> GetOpenSeriesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SeriesRecord>>(Locked(() => Query(null, SeriesSelect + " WHERE open=1", ReadSeriesRow)));

    public Task<WorkItemRecord?> CompleteSeriesAsync(string seriesInstanceUid, long expectedRevision, CancellationToken cancellationToken = default) =>
        Task.FromResult(InTransaction(tx =>
        {
            var series = ReadSeries(tx, seriesInstanceUid);
            if (series is null || !series.Open || series.Revision != expectedRevision)
            {
                return null;
            }

            Execute(tx, "UPDATE series SET open=0 WHERE series_uid=$series", ("$series", seriesInstanceUid));
            return InsertWorkItem(tx, WorkItemKind.Series, seriesInstanceUid, series.Generation, series.TraceParent);
        }));

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private const string SeriesSelect = """
        SELECT series_uid, study_uid, modality, body_part, series_description, sop_class_uid, calling_ae, open, generation,
          revision, instance_count, last_received_at, trace_parent FROM series
        """;

    private SeriesRecord? ReadSeries(SqliteTransaction? tx, string seriesUid) =>
        Query(tx, SeriesSelect + " WHERE series_uid=$series", ReadSeriesRow, ("$series", seriesUid)).FirstOrDefault();

    private static SeriesRecord ReadSeriesRow(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), NullableString(r, 2), NullableString(r, 3), NullableString(r, 4), r.GetString(5),
        NullableString(r, 6), r.GetInt64(7) != 0, r.GetInt32(8), r.GetInt64(9), r.GetInt32(10),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)), r.GetString(12));

    private static InstanceRecord ReadInstance(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), NullableString(r, 4), NullableString(r, 5),
        NullableString(r, 6), NullableString(r, 7), r.GetString(8), r.GetString(9), r.GetString(10), r.GetInt64(11),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)));

    /// <summary>A fresh W3C traceparent: each work item (series generation or report) is its own trace.</summary>
    private static string NewTraceParent() =>
        $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
