using Microsoft.Extensions.Logging;

namespace RadCnn.Host.Ingestion;

/// <summary>
/// The polling loop every inbox runs: one scan now, then one per <see cref="InboxOptions.ScanSeconds"/>
/// until the service stops. A failed scan is logged and tried again at the next tick.
/// </summary>
internal static class InboxScanLoop
{
    public static async Task RunAsync(Func<CancellationToken, Task> scan, InboxOptions options, TimeProvider time, ILogger log, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.ScanSeconds), time);
        do
        {
            try
            {
                await scan(stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a failed scan is logged and tried again at the next tick
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                IngestionLog.ScanFailed(log, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
