using System.CommandLine;
using System.Globalization;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Store;

namespace RadCnn.Host.Cli;

/// <summary>
/// `radcnn replay JOB|--dead|--deliveries`: puts dead (or failed, or done) jobs back in the queue, or
/// failed deliveries to the PACS back to pending; a running service picks them up.
/// </summary>
internal sealed class ReplayCommand : ICliCommand
{
    public Command Create()
    {
        var dataDir = new DataDirectoryOption();
        var dead = new Option<bool>("--dead") { Description = "Replay every dead job." };
        var deliveries = new Option<bool>("--deliveries") { Description = "Send every failed delivery to the PACS again." };
        var job = new Argument<long?>("job") { Description = "The job id to replay.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("replay", "Queue a job again (by id), every dead job (--dead), or every failed delivery (--deliveries).")
        {
            job,
            dataDir.Option,
            dataDir.PostgresOption,
            dead,
            deliveries,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var (_, opened) = await dataDir.OpenStoreAsync(parse).ConfigureAwait(false);
            if (opened is null)
            {
                return 1;
            }

            using var store = opened;
            if (parse.GetValue(dead))
            {
                var count = await store.ReplayDeadJobsAsync(cancellationToken).ConfigureAwait(false);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} dead jobs queued again"));
                return 0;
            }

            if (parse.GetValue(deliveries))
            {
                var count = await store.ReplayFailedDeliveriesAsync(null, cancellationToken).ConfigureAwait(false);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} failed deliveries pending again"));
                return 0;
            }

            if (parse.GetValue(job) is not { } id)
            {
                await error.WriteLineAsync("give a job id, --dead or --deliveries").ConfigureAwait(false);
                return 2;
            }

            if (await store.ReplayJobAsync(id, cancellationToken).ConfigureAwait(false))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"job {id} queued again"));
                return 0;
            }

            var existing = await store.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            await error.WriteLineAsync(existing is null
                ? string.Create(CultureInfo.InvariantCulture, $"no job {id}")
                : string.Create(CultureInfo.InvariantCulture, $"job {id} is {existing.State.ToString().ToLowerInvariant()}; only dead, failed or done jobs are replayed")).ConfigureAwait(false);
            return 1;
        });
        return command;
    }
}
