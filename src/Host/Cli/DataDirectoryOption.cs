using System.CommandLine;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Store;

namespace RadCnn.Host.Cli;

/// <summary>`--data-dir DIR` of the commands that look at a service's data directory (status, replay, health), and opening its job store.</summary>
internal sealed class DataDirectoryOption
{
    public Option<string?> Option { get; } = new("--data-dir") { Description = "Data directory (default ./var)." };

    public PipelinePaths Paths(ParseResult parse) => PipelinePaths.For(parse.GetValue(Option) ?? "var");

    /// <summary>The data directory's job store, or null after saying on the error output that there is none.</summary>
    public async Task<(PipelinePaths Paths, SqliteJobStore? Store)> OpenStoreAsync(ParseResult parse)
    {
        var paths = Paths(parse);
        if (!File.Exists(paths.Database))
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"no RadCnn database at {paths.Database}").ConfigureAwait(false);
            return (paths, null);
        }

        return (paths, new SqliteJobStore(paths.Database, TimeProvider.System));
    }
}
