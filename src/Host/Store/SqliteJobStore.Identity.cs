using Microsoft.Data.Sqlite;

namespace RadCnn.Host.Store;

/// <summary>Patient identity per SOP Instance UID and per series (one-way hashes), and the conflicts set aside.</summary>
internal sealed partial class SqliteJobStore
{
    /// <remarks>
    /// On a connection of its own: in WAL mode a reader does not wait for the writer, so an
    /// association checking its instance does not queue behind the group commit in flight (and miss
    /// the next one). It reads committed rows only, as the single connection did before.
    /// </remarks>
    public Task<string?> CheckIdentityAsync(string sopInstanceUid, string seriesInstanceUid, string patientHash, CancellationToken cancellationToken = default)
    {
        lock (_readGate)
        {
            return Task.FromResult(PatientIdentityRule.Conflict(RecordedHashOnReader, sopInstanceUid, seriesInstanceUid, patientHash));
        }
    }

    /// <summary>The identity rule inside a write transaction (the group commit), on the writer's connection.</summary>
    private string? IdentityConflict(SqliteTransaction tx, InstanceRecord instance, string patientHash) =>
        PatientIdentityRule.Conflict(
            (kind, uid) => Query(tx, PatientIdentityRule.RecordedHashSql, r => r.GetString(0), ("@kind", kind), ("@uid", uid)).FirstOrDefault(),
            instance.SopInstanceUid, instance.SeriesInstanceUid, patientHash);

    private string? RecordedHashOnReader(string kind, string uid)
    {
        using var command = _reader.CreateCommand();
        command.CommandText = PatientIdentityRule.RecordedHashSql;
        command.Parameters.AddWithValue("@kind", kind);
        command.Parameters.AddWithValue("@uid", uid);
        return command.ExecuteScalar() as string;
    }

    public Task<long> RecordIdentityConflictAsync(IdentityConflictRecord conflict, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return Task.FromResult(Locked(() =>
        {
            Execute(null, """
                INSERT INTO identity_conflicts(sop_instance_uid, series_uid, source, calling_ae, quarantine_path, reason, received_at)
                VALUES($sop, $series, $source, $ae, $path, $reason, $at)
                """,
                ("$sop", conflict.SopInstanceUid), ("$series", conflict.SeriesInstanceUid), ("$source", conflict.Source), ("$ae", conflict.CallingAe),
                ("$path", conflict.QuarantinePath), ("$reason", conflict.Reason), ("$at", conflict.ReceivedAt.ToUnixTimeMilliseconds()));
            return Scalar<long>(null, "SELECT last_insert_rowid()");
        }));
    }

    public Task<IReadOnlyList<IdentityConflictRecord>> GetIdentityConflictsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<IdentityConflictRecord>>(Locked(() => Query(null,
            "SELECT id, sop_instance_uid, series_uid, source, calling_ae, quarantine_path, reason, received_at FROM identity_conflicts ORDER BY id",
            r => new IdentityConflictRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), NullableString(r, 4), r.GetString(5), r.GetString(6),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7))))));
}
