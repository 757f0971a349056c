using Microsoft.Data.Sqlite;

namespace RadCnn.Host.Store;

/// <summary>
/// The SQLite job store's schema as numbered migrations. Version 1 is the schema from before versions were
/// recorded, written with IF NOT EXISTS, so a database created then is adopted as version 1 unchanged.
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<SchemaMigration> Migrations =
    [
        new(1, "instances, series, reports, work items, jobs, deliveries, patient identities", """
            CREATE TABLE IF NOT EXISTS series(
              series_uid TEXT PRIMARY KEY, study_uid TEXT NOT NULL, modality TEXT, body_part TEXT, series_description TEXT,
              sop_class_uid TEXT NOT NULL, calling_ae TEXT, open INTEGER NOT NULL, generation INTEGER NOT NULL,
              revision INTEGER NOT NULL, instance_count INTEGER NOT NULL, last_received_at INTEGER NOT NULL, trace_parent TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS series_open ON series(open);
            CREATE TABLE IF NOT EXISTS instances(
              sop_instance_uid TEXT PRIMARY KEY, sop_class_uid TEXT NOT NULL, series_uid TEXT NOT NULL, study_uid TEXT NOT NULL,
              modality TEXT, body_part TEXT, series_description TEXT, calling_ae TEXT, source TEXT NOT NULL,
              spool_path TEXT NOT NULL, content_hash TEXT NOT NULL, size INTEGER NOT NULL, received_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS instances_series ON instances(series_uid);
            CREATE TABLE IF NOT EXISTS reports(
              report_id TEXT PRIMARY KEY, kind TEXT NOT NULL, format TEXT NOT NULL, spool_path TEXT NOT NULL,
              content_hash TEXT NOT NULL, metadata_json TEXT, received_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS work_items(
              id INTEGER PRIMARY KEY AUTOINCREMENT, kind INTEGER NOT NULL, item_key TEXT NOT NULL, generation INTEGER NOT NULL,
              state INTEGER NOT NULL, unrouted_reason TEXT, created_at INTEGER NOT NULL, trace_parent TEXT NOT NULL,
              UNIQUE(kind, item_key, generation));
            CREATE INDEX IF NOT EXISTS work_items_state ON work_items(state);
            CREATE TABLE IF NOT EXISTS jobs(
              id INTEGER PRIMARY KEY AUTOINCREMENT, work_item_id INTEGER NOT NULL REFERENCES work_items(id),
              kind INTEGER NOT NULL, item_key TEXT NOT NULL, generation INTEGER NOT NULL,
              plugin_id TEXT NOT NULL, plugin_version TEXT NOT NULL, priority INTEGER NOT NULL, state INTEGER NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, supersedes_job_id INTEGER, output_path TEXT,
              created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, trace_parent TEXT NOT NULL,
              UNIQUE(plugin_id, plugin_version, kind, item_key, generation));
            CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, priority, id);
            CREATE TABLE IF NOT EXISTS deliveries(
              job_id INTEGER NOT NULL, destination TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
              last_error TEXT, updated_at INTEGER NOT NULL, PRIMARY KEY(job_id, destination));
            CREATE TABLE IF NOT EXISTS patient_identities(
              kind TEXT NOT NULL, uid TEXT NOT NULL, patient_hash TEXT NOT NULL, PRIMARY KEY(kind, uid));
            CREATE TABLE IF NOT EXISTS identity_conflicts(
              id INTEGER PRIMARY KEY AUTOINCREMENT, sop_instance_uid TEXT NOT NULL, series_uid TEXT NOT NULL, source TEXT NOT NULL,
              calling_ae TEXT, quarantine_path TEXT NOT NULL, reason TEXT NOT NULL, received_at INTEGER NOT NULL);
            """),
        new(2, "nodes and their heartbeats; the node running a job", """
            CREATE TABLE nodes(
              node_id TEXT PRIMARY KEY, role TEXT NOT NULL, host_name TEXT NOT NULL, process_id INTEGER NOT NULL,
              started_at INTEGER NOT NULL, heartbeat_at INTEGER NOT NULL);
            ALTER TABLE jobs ADD COLUMN node_id TEXT;
            """),
        new(3, "the work queue's transactional outbox", """
            CREATE TABLE queue_outbox(
              id INTEGER PRIMARY KEY AUTOINCREMENT, job_id INTEGER NOT NULL, plugin_id TEXT NOT NULL, priority INTEGER NOT NULL, created_at INTEGER NOT NULL);
            """),
        new(4, "why plugins declined a work item (no job for them), for the operator", """
            ALTER TABLE work_items ADD COLUMN declined TEXT;
            """),
        new(5, "instance rows committed before their file's content was known durable", """
            ALTER TABLE instances ADD COLUMN content_unconfirmed INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX instances_unconfirmed ON instances(sop_instance_uid) WHERE content_unconfirmed=1;
            """),
    ];

    public static int Latest { get; } = SchemaMigration.Latest(Migrations);

    /// <summary>Brings the database to <see cref="Latest"/>; each step under BEGIN IMMEDIATE, so two processes opening it at once apply it once.</summary>
    public static void Migrate(SqliteConnection connection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        Run(connection, null, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        foreach (var migration in Migrations)
        {
            using var tx = connection.BeginTransaction(deferred: false);
            var current = CurrentVersion(connection, tx);
            if (current > Latest)
            {
                throw SchemaMigration.NewerThanKnown("SQLite", current, Latest);
            }

            if (current < migration.Version)
            {
                Run(connection, tx, migration.Sql);
                using var record = connection.CreateCommand();
                record.Transaction = tx;
                record.CommandText = "INSERT INTO schema_version(version, description, applied_at) VALUES($v, $d, $at)";
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$d", migration.Description);
                record.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? tx)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Run(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
#pragma warning disable CA2100 // the migrations are constants of this class
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }
}
