using Microsoft.Data.Sqlite;

namespace RadCnn.Host.Store;

/// <summary>The small ADO.NET helpers the store's queries share.</summary>
internal sealed partial class SqliteJobStore
{
    private T Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            return action();
        }
    }

    private T InTransaction<T>(Func<SqliteTransaction, T> action)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            var result = action(tx);
            tx.Commit();
            return result;
        }
    }

    /// <summary>Statements kept prepared at most; past that a statement is prepared for its one use.</summary>
    private const int MaxPreparedStatements = 128;

    // Commands of the writer connection kept prepared by their text, so the hot path (a group commit's
    // half-dozen statements per instance) does not have SQLite parse and plan the same SQL again each
    // time. Only used while _gate is held, the connection's one lock; disposed with the store.
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    /// <summary>
    /// The command for <paramref name="sql"/> with these values bound: the connection's prepared one when
    /// the caller holds the store's lock (<paramref name="owned"/> false: keep it), otherwise a new one
    /// the caller disposes.
    /// </summary>
    private SqliteCommand Command(SqliteTransaction? tx, string sql, (string Name, object? Value)[] parameters, out bool owned)
    {
        owned = !_gate.IsHeldByCurrentThread;
        SqliteCommand? command = null;
        if (!owned && !_prepared.TryGetValue(sql, out command))
        {
            owned = _prepared.Count >= MaxPreparedStatements;
            command = null;
        }

        if (command is null)
        {
            command = _connection.CreateCommand();
#pragma warning disable CA2100 // every statement is a constant of this class; values travel as parameters
            command.CommandText = sql;
#pragma warning restore CA2100
            if (!owned)
            {
                _prepared.Add(sql, command);
            }
        }

        command.Transaction = tx;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private void DisposePreparedStatements()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
    }

    private int Execute(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(tx, sql, parameters, out var owned);
        try
        {
            return command.ExecuteNonQuery();
        }
        finally
        {
            Release(command, owned);
        }
    }

    private T? Scalar<T>(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(tx, sql, parameters, out var owned);
        try
        {
            var value = command.ExecuteScalar();
            var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
            return value is null or DBNull ? default : (T)Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            Release(command, owned);
        }
    }

    private List<T> Query<T>(SqliteTransaction? tx, string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        var command = Command(tx, sql, parameters, out var owned);
        try
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            Release(command, owned);
        }
    }

    /// <summary>A kept command lets go of its transaction and values; an owned one is disposed.</summary>
    private static void Release(SqliteCommand command, bool owned)
    {
        if (owned)
        {
            command.Dispose();
            return;
        }

        command.Transaction = null;
        command.Parameters.Clear();
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
