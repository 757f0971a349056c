using System.CommandLine;
using Microsoft.Extensions.Configuration;
using RadCnn.Host.Hosting;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Queue;
using RadCnn.Host.Store;

namespace RadCnn.Host.Cli;

/// <summary>
/// `--data-dir DIR` and `--postgres CONNECTION` of the commands that look at a service's data (status, replay,
/// health), and opening its job store: the PostgreSQL store a cluster shares when named (by the option, or by
/// RadCnn:Store in ./radcnn.json or RADCNN_ variables, as the service reads them), else the data directory's SQLite store.
/// </summary>
internal sealed class DataDirectoryOption
{
    public Option<string?> Option { get; } = new("--data-dir") { Description = "Data directory (default ./var)." };

    public Option<string?> PostgresOption { get; } = new("--postgres") { Description = "Connection string of a cluster's PostgreSQL store (default: RadCnn:Store of radcnn.json or RADCNN_ variables)." };

    public PipelinePaths Paths(ParseResult parse) => PipelinePaths.For(parse.GetValue(Option) ?? "var");

    /// <summary>The job store, or null after saying on the error output that there is none (or that its settings are wrong).</summary>
    public async Task<(PipelinePaths Paths, IJobStore? Store)> OpenStoreAsync(ParseResult parse)
    {
        var paths = Paths(parse);
        var error = parse.InvocationConfiguration.Error;
        var (options, queueOn) = StoreSettings(parse);
        var problems = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();
        if (problems.Count > 0)
        {
            await error.WriteLineAsync(string.Join("; ", problems.Select(p => p.ErrorMessage))).ConfigureAwait(false);
            return (paths, null);
        }

        if (options.IsPostgreSql)
        {
            // With the work queue on, a replayed job gets its outbox row, so the relay publishes it again.
            return (paths, await PostgresJobStore.OpenAsync(options.ConnectionString!, TimeProvider.System, "cli", queueOn).ConfigureAwait(false));
        }

        if (!File.Exists(paths.Database))
        {
            await error.WriteLineAsync($"no RadCnn database at {paths.Database}").ConfigureAwait(false);
            return (paths, null);
        }

        return (paths, new SqliteJobStore(paths.Database, TimeProvider.System, queueOutbox: queueOn));
    }

    private (StoreOptions Store, bool QueueOn) StoreSettings(ParseResult parse)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath("radcnn.json"), optional: true)
            .AddEnvironmentVariables("RADCNN_")
            .Build();
        var queueOn = configuration.GetValue<bool>(QueueOptions.Section + ":Enabled");
        var options = new StoreOptions();
        if (parse.GetValue(PostgresOption) is { } connection)
        {
            options.Provider = StoreOptions.PostgreSql;
            options.ConnectionString = connection;
            return (options, queueOn);
        }

        configuration.GetSection(StoreOptions.Section).Bind(options);
        return (options, queueOn);
    }
}
