using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace RadCnn.Host.Store;

/// <summary>
/// The job store on SQLite in WAL mode with synchronous=FULL, so a committed row survives power loss,
/// and a busy timeout so `radcnn status` and `radcnn replay` can use the database while the service runs.
/// One connection serialised by a lock: every operation is a short transaction, and SQLite has one writer anyway.
/// Instance rows, the hot path, share transactions (group commit, see SqliteJobStore.GroupCommit.cs).
/// </summary>
internal sealed partial class SqliteJobStore : IJobStore
{
    private readonly SqliteConnection _connection;
    private readonly SqliteConnection _reader;
    private readonly Lock _readGate = new();
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
        _reader = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        _reader.Open();
        using (var busy = _reader.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout=10000;";
            busy.ExecuteNonQuery();
        }
    }

    public string DatabasePath => _connection.DataSource;

    public Task<IReadOnlyList<InstanceRecord>> GetInstancesAsync(string seriesInstanceUid, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<InstanceRecord>>(Locked(() => Query(null, """
            SELECT sop_instance_uid, sop_class_uid, series_uid, study_uid, modality, body_part, series_description, calling_ae,
              source, spool_path, content_hash, size, received_at
            FROM instances WHERE series_uid=$series ORDER BY received_at, sop_instance_uid
            """, ReadInstance, ("$series", seriesInstanceUid))));

    public Task<IReadOnlySet<string>> GetInstanceFilesInAsync(string directory, CancellationToken cancellationToken = default)
    {
        var prefix = Path.GetFullPath(directory).TrimEnd('/') + "/";
        // A range on the text, so SQLite does no LIKE-escaping of the folder's name; the rest filtered here.
        return Task.FromResult<IReadOnlySet<string>>(Locked(() => Query(null,
                "SELECT spool_path FROM instances WHERE spool_path >= $from AND spool_path < $to", r => r.GetString(0),
                ("$from", prefix), ("$to", prefix[..^1] + "0"))
            .Where(p => p.IndexOf('/', prefix.Length) < 0)
            .ToHashSet(StringComparer.Ordinal)));
    }

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
        StopInstanceCommitter();
        lock (_readGate)
        {
            _reader.Dispose();
        }

        lock (_gate)
        {
            DisposePreparedStatements();
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
