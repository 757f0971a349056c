using Npgsql;

namespace RadCnn.Host.Store;

/// <summary>
/// The ADO.NET helpers the PostgreSQL store's queries share. Every operation is one transaction on a pooled
/// connection; a transient failure (the server restarting, a failover, a dropped connection) retries the whole
/// transaction for about half a minute, so nodes ride out a PostgreSQL restart instead of failing the work in hand.
/// </summary>
internal sealed partial class PostgresJobStore
{
    private static readonly TimeSpan[] RetryDelays =
        [.. new[] { 0.1, 0.2, 0.5, 1, 2, 3, 4, 5, 5, 5, 5 }.Select(TimeSpan.FromSeconds)];

    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var result = await action(connection, tx).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && attempt < RetryDelays.Length && !cancellationToken.IsCancellationRequested)
            {
                // A broken pooled connection is discarded by Npgsql; the next attempt opens a fresh one.
                await Task.Delay(RetryDelays[attempt], _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> action, CancellationToken cancellationToken) =>
        await InTransactionAsync<bool>(async (c, tx) =>
        {
            await action(c, tx).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, (string Name, object? Value)[] parameters)
    {
#pragma warning disable CA2100 // every statement is a constant of this class; values travel as parameters
        var command = new NpgsqlCommand(sql, connection, tx);
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync().ConfigureAwait(false);
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<T>> QueryAsync<T>(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, Func<NpgsqlDataReader, T> read,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Serialises, across every node, the transactions that touch one series or report (a transaction-scoped advisory lock).</summary>
    private static Task LockKeyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string key) =>
        ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", ("key", key));

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset Millis(NpgsqlDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
