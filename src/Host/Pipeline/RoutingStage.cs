using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Pipeline;

/// <summary>Routes each new work item to jobs (or records it unrouted) and wakes the runner.</summary>
internal sealed partial class RoutingStage(IJobStore store, Router router, IPluginGateway plugins, WorkItemQueue queue, JobRunner runner, ILogger<RoutingStage> log)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        // Items received before a crash or restart and never routed.
        foreach (var item in await store.GetWorkItemsAsync(WorkItemState.Received, stoppingToken).ConfigureAwait(false))
        {
            await RouteAsync(item.Id, stoppingToken).ConfigureAwait(false);
        }

        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RouteAsync(id, stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // an item that fails routing stays received and is retried at the next start
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                RoutingFailed(log, id, ex.GetType().Name);
            }
        }
    }

    public async Task RouteAsync(long workItemId, CancellationToken cancellationToken)
    {
        var item = await store.GetWorkItemAsync(workItemId, cancellationToken).ConfigureAwait(false);
        if (item is null || item.State != WorkItemState.Received)
        {
            return;
        }

        using var span = PipelineTelemetry.StartSpan("route", item.TraceParent);
        span?.SetTag("radcnn.workitem.kind", item.Kind.ToString());
        RoutableItem? routable = item.Kind == WorkItemKind.Series
            ? await store.GetSeriesAsync(item.Key, cancellationToken).ConfigureAwait(false) is { } s ? RoutableItem.ForSeries(s) : null
            : await store.GetReportAsync(item.Key, cancellationToken).ConfigureAwait(false) is { } r ? RoutableItem.ForReport(r) : null;
        if (routable is null)
        {
            await store.MarkUnroutedAsync(item.Id, "the item's series or report is missing from the store", cancellationToken).ConfigureAwait(false);
            return;
        }

        span?.SetTag("radcnn.modality", routable.Modality);
        var decision = item.Kind == WorkItemKind.Series && await OwnOutputCheck.RefusalReasonAsync(store, item.Key, cancellationToken).ConfigureAwait(false) is { } own
            ? new RoutingDecision([], own)
            : router.Route(routable, plugins.Active());
        if (decision.Declines.Count > 0)
        {
            // Kept with the item for `radcnn status` and the dashboard: a plugin that should have run and did not is visible there.
            await store.RecordDeclinedAsync(item.Id, string.Join("; ", decision.Declines), cancellationToken).ConfigureAwait(false);
        }

        if (decision.Routed)
        {
            var jobs = await store.RouteWorkItemAsync(item.Id, decision.Jobs, cancellationToken).ConfigureAwait(false);
            span?.SetTag("radcnn.jobs", jobs.Count);
            Routed(log, item.Id, string.Join(", ", decision.Jobs.Select(j => $"{j.PluginId} {j.PluginVersion}")));
            runner.Wake();
        }
        else
        {
            await store.MarkUnroutedAsync(item.Id, decision.UnroutedReason!, cancellationToken).ConfigureAwait(false);
            PipelineTelemetry.WorkItemsUnrouted.Add(1, new KeyValuePair<string, object?>("kind", item.Kind.ToString()));
            span?.SetStatus(ActivityStatusCode.Ok, "unrouted");
            Unrouted(log, item.Id, decision.UnroutedReason!);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Work item {WorkItemId} routed to {Plugins}")]
    private static partial void Routed(ILogger logger, long workItemId, string plugins);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Work item {WorkItemId} unrouted: {Reason}")]
    private static partial void Unrouted(ILogger logger, long workItemId, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Routing work item {WorkItemId} failed: {ErrorType}")]
    private static partial void RoutingFailed(ILogger logger, long workItemId, string errorType);
}
