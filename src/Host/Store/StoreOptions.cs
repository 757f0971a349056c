using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace RadCnn.Host.Store;

/// <summary>
/// Section "RadCnn:Store": which job store the node uses. "sqlite" (the default) keeps db/radcnn.db in the
/// data directory, right for one node; "postgresql" shares one database among the nodes of a cluster and
/// needs <see cref="ConnectionString"/> (Npgsql's "Host=...;Database=...;Username=..." form). Checked at start-up.
/// </summary>
internal sealed class StoreOptions : IValidatableObject
{
    public const string Section = "RadCnn:Store";
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    public string Provider { get; set; } = Sqlite;

    /// <summary>The PostgreSQL connection string; a password is better kept in ~/.pgpass or PGPASSWORD than here.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase) && !IsPostgreSql)
        {
            yield return new ValidationResult($"{Section}:Provider must be '{Sqlite}' or '{PostgreSql}', not '{Provider}'", [nameof(Provider)]);
            yield break;
        }

        if (!IsPostgreSql)
        {
            if (!string.IsNullOrEmpty(ConnectionString))
            {
                yield return new ValidationResult($"{Section}:ConnectionString is for PostgreSQL; the SQLite store lives in the data directory (set {Section}:Provider to '{PostgreSql}' to use it)", [nameof(ConnectionString)]);
            }

            yield break;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult($"{Section}:ConnectionString is required when {Section}:Provider is '{PostgreSql}'", [nameof(ConnectionString)]);
            yield break;
        }

        string? problem = null;
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(ConnectionString);
            if (string.IsNullOrWhiteSpace(parsed.Host))
            {
                problem = "names no Host (a server name, an address or a unix socket folder)";
            }
        }
        catch (ArgumentException ex)
        {
            // The message names the key, never the value: the string may hold a password.
            problem = "is not a valid Npgsql connection string: " + ex.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult($"{Section}:ConnectionString {problem}", [nameof(ConnectionString)]);
        }
    }
}
