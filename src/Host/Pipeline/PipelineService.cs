using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RadCnn.Dicom.Network;
using RadCnn.Dicom.Network.Listener;
using RadCnn.Host.Cluster;
using RadCnn.Host.Hosting;
using RadCnn.Host.Ingestion;
using RadCnn.Host.Outputs;
using RadCnn.Host.Queue;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.SeriesAssembly;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Pipeline;

/// <summary>
/// The running pipeline: recovers after a crash (leftover temporary files removed, running jobs
/// re-queued, open series re-armed, unrouted items routed), then runs the listener, both inboxes, the
/// assembler, routing, the runner and forwarding until shutdown, which stops intake first and
/// returns unfinished jobs to the queue. In a cluster (RadCnn:Cluster:Role) an ingest node runs the intake
/// half (listener, inboxes, assembly, routing, delivery) and a worker the runner; every node beats its heartbeat.
/// </summary>
internal sealed partial class PipelineService(
    IJobStore store,
    Spool spool,
    OutboxWriter outbox,
    SeriesAssembler assembler,
    SeriesAssemblyOptions assemblyOptions,
    WorkItemQueue queue,
    RoutingStage routing,
    JobRunner runner,
    FolderInbox folderInbox,
    ReportInbox reportInbox,
    PipelineStorageHandler storageHandler,
    ListenerSettings listenerSettings,
    StorageOptions storageOptions,
    HealthReporter health,
    ClusterOptions cluster,
    NodeHeartbeat heartbeat,
    ILoggerFactory loggers,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ResultForwarder? forwarder = null,
    IMeterFactory? meters = null,
    QueueJobFeed? queueFeed = null,
    OutboxRelay? outboxRelay = null,
    DeadLetterConsumer? deadLetters = null) : BackgroundService
{
    private readonly ILogger _log = loggers.CreateLogger<PipelineService>();
    private DicomListener? _listener;

    public int? ListenerPort => _listener?.LocalEndPoint.Port;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunPipelineAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The host stops on this exception; without a non-zero exit code systemd's Restart=on-failure would
            // take the stop for a clean one and leave the node down.
            Environment.ExitCode = ExitCodes.Software;
            throw;
        }
    }

    private async Task RunPipelineAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // Temporary files of a crashed write, and received instances no row names (a crash between the
        // listener's write and the group commit). In a cluster the spool and outbox are shared by every
        // node, and such a file may be another node's write in progress: only a single node removes them.
        // First the rows committed while their file's content was still on its way to the disk: one
        // whose file is not whole was never acknowledged, and its file goes with the sweep below.
        var dropped = await store.DropUnconfirmedInstancesAsync(stoppingToken).ConfigureAwait(false);
        var leftovers = dropped + (cluster.Role == ClusterRole.All
            ? spool.RemoveLeftovers() + outbox.RemoveLeftovers()
                + spool.RemoveUnreferencedReceived(await store.GetInstanceFilesInAsync(spool.Received, stoppingToken).ConfigureAwait(false))
            : 0);
        var requeued = await store.RequeueRunningAsync(stoppingToken).ConfigureAwait(false);
        if (cluster.Ingests)
        {
            await assembler.RestoreAsync(stoppingToken).ConfigureAwait(false);
        }

        Recovered(_log, requeued, assembler.PendingCount, leftovers);
        // Delivery is the ingest side's: a worker records its results' deliveries, an ingest node sends them.
        if (forwarder is not null && cluster.Ingests)
        {
            await forwarder.ResumeAsync(stoppingToken).ConfigureAwait(false);
        }

        if (listenerSettings.Enabled && cluster.Ingests)
        {
            var options = new DicomListenerOptions
            {
                Port = listenerSettings.Port,
                AeTitle = listenerSettings.AeTitle,
                // Streamed straight into the spool: the file received is the copy kept (see Spool.Received).
                TempDirectory = spool.Received,
                FilesStayInPlace = true,
                // The row's group commit overlaps the content's fsync (see SqliteJobStore.UnconfirmedContent.cs).
                OverlapContentFlush = listenerSettings.OverlapContentFlush,
                ContentFlush = listenerSettings.ContentFlush,
                WriteBehindBytes = listenerSettings.WriteBehindKilobytes * 1024L,
                MinimumFreeBytes = storageOptions.ReserveMegabytes * 1024 * 1024,
                MaxConcurrentAssociations = listenerSettings.MaxAssociations,
                IdleTimeout = TimeSpan.FromSeconds(listenerSettings.IdleTimeoutSeconds),
                ArtimTimeout = TimeSpan.FromSeconds(listenerSettings.ArtimTimeoutSeconds),
                MaxPendingConnections = listenerSettings.MaxPendingConnections,
                PreAssociationTimeout = TimeSpan.FromSeconds(listenerSettings.PreAssociationTimeoutSeconds),
                MaxPduLength = listenerSettings.MaxPduLength,
            };
            foreach (var caller in listenerSettings.ParseAllowedCallers())
            {
                options.AllowedCallers.Add(caller);
            }

            foreach (var credential in listenerSettings.ParseCredentials())
            {
                options.Credentials.Add(credential);
            }

            options.Tls = listenerSettings.CreateTls();

            var listener = new DicomListener(options, storageHandler, loggers.CreateLogger<DicomListener>(), meterFactory: meters);
            try
            {
                await listener.StartAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (DicomNetworkException ex)
            {
                // A service that cannot take C-STOREs must not look healthy: one line, exit 69
                // (EX_UNAVAILABLE) so systemd's Restart=on-failure retries it.
                await listener.DisposeAsync().ConfigureAwait(false);
                ListenerUnavailable(_log, ex.Message);
                Environment.ExitCode = ExitCodes.Unavailable;
                lifetime.StopApplication();
                return;
            }

            _listener = listener;
            Listening(_log, _listener.LocalEndPoint.Port, listenerSettings.AeTitle, listenerSettings.AllowedCallers.Count);
        }

        health.Ready(ListenerPort, () => runner.QueueDepth);
        var stages = new List<Task> { health.RunAsync(stoppingToken), heartbeat.RunAsync(stoppingToken) };
        if (cluster.Ingests)
        {
            stages.AddRange([routing.RunAsync(stoppingToken), AssembleAsync(stoppingToken), folderInbox.RunAsync(stoppingToken), reportInbox.RunAsync(stoppingToken)]);
        }

        if (cluster.Ingests && outboxRelay is not null && deadLetters is not null)
        {
            stages.AddRange([outboxRelay.RunAsync(stoppingToken), deadLetters.RunAsync(stoppingToken)]);
        }

        if (cluster.Works)
        {
            if (queueFeed is not null)
            {
                await queueFeed.StartAsync(stoppingToken).ConfigureAwait(false);
            }

            stages.Add(runner.RunAsync(stoppingToken));
        }

        if (forwarder is not null && cluster.Ingests)
        {
            stages.Add(forwarder.RunAsync(stoppingToken));
        }

        try
        {
            await Task.WhenAll(stages).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Intake first: no new association while the stages wind down.
        if (_listener is not null)
        {
            await _listener.StopAsync().ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await store.RequeueRunningAsync(CancellationToken.None).ConfigureAwait(false);
        health.Stopped();
    }

    public override void Dispose()
    {
        _listener?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
    }

    private async Task AssembleAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(assemblyOptions.ScanInterval(), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                foreach (var item in await assembler.CompleteQuietSeriesAsync(stoppingToken).ConfigureAwait(false))
                {
                    using (var span = PipelineTelemetry.StartSpan("assemble", item.TraceParent))
                    {
                        span?.SetTag("radcnn.series_uid.hash", PipelineTelemetry.HashUid(item.Key));
                        span?.SetTag("radcnn.workitem.generation", item.Generation);
                    }

                    await queue.EnqueueAsync(item.Id, stoppingToken).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // a failed pass is logged; the next tick tries again
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                AssemblyFailed(_log, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Recovered: {Requeued} running jobs re-queued, {OpenSeries} open series re-armed, {Leftovers} temporary files removed")]
    private static partial void Recovered(ILogger logger, int requeued, int openSeries, int leftovers);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "DICOM listener on port {Port} as {AeTitle} ({Callers} allowed callers; 0 = any)")]
    private static partial void Listening(ILogger logger, int port, string aeTitle, int callers);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "Stopping: the DICOM listener cannot start: {Reason}")]
    private static partial void ListenerUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Series assembly pass failed: {ErrorType}")]
    private static partial void AssemblyFailed(ILogger logger, string errorType);
}
