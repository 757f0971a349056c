using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Host.Hosting;
using RadCnn.Host.Plugins;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;

namespace RadCnn.Host.Pipeline;

/// <summary>
/// The pipeline's view of the plugin catalog: routing asks for the active versions and their
/// manifest accept lists; a job takes a lease on the active version (so a hot swap waits for it) and
/// runs through the catalog's guarded call (timeout, circuit breaker). An open circuit or a plugin
/// that is not loaded postpones the job instead of spending an attempt.
/// </summary>
internal sealed class CatalogPluginGateway(PluginCatalog catalog) : IPluginGateway
{
    public IReadOnlyList<RoutablePlugin> Active() =>
        [.. catalog.GetActive().Select(m => new RoutablePlugin(m.Id, m.Version.ToString(), (int)m.Priority, item => m.Accepts.DeclineReason(Probe(item))))];

    public async Task<PluginRun> RunAsync(string pluginId, WorkItem item, CancellationToken cancellationToken)
    {
        // A plugin still being loaded, draining or quarantined is waited for; one whose folder is gone would
        // be waited for forever, so its job is dead-lettered with the reason (replayable once redeployed).
        using var lease = catalog.Acquire(pluginId) ?? throw (catalog.IsInstalled(pluginId) == false
            ? new JobRejectedException($"plugin {pluginId} is no longer installed (no folder in the plugins directory declares it); redeploy it, then `radcnn replay` runs this job")
            : new PluginUnavailableException($"plugin {pluginId} is not loaded"));
        var version = lease.Version.ToString();
        // Routing matched the version active then; after a hot swap the version leased now checks again,
        // and its reason is the job's result.
        if (lease.DeclineReason(item) is { } reason)
        {
            return new PluginRun(pluginId, version, PluginRunOutcome.NotApplicable,
                PluginResult.NotApplicable($"declined by {pluginId} {version} when the job ran: {reason}"), TimeSpan.Zero)
            { Summary = lease.Description?.Summary };
        }

        var run = await lease.RunAsync(item, cancellationToken).ConfigureAwait(false);
        return run.Outcome == PluginRunOutcome.CircuitOpen
            ? throw new PluginUnavailableException(run.Result.Message ?? $"plugin {pluginId} is suspended")
            : run;
    }

    /// <summary>A pixel-less work item carrying only what manifest accept rules look at.</summary>
    private static WorkItem Probe(RoutableItem item) => item.Kind == WorkItemKind.Report
        ? new ReportWorkItem { Id = "routing-probe", Text = string.Empty, Kind = item.ReportKind ?? string.Empty }
        : new ImageSeriesWorkItem
        {
            Id = "routing-probe",
            StudyInstanceUid = string.Empty,
            SeriesInstanceUid = string.Empty,
            Modality = item.Modality ?? string.Empty,
            SopClassUid = item.SopClassUid,
            BodyPartExamined = item.BodyPart,
            Volumes = NoVolume.Instance,
        };

    private sealed class NoVolume : IImageVolumeSource
    {
        public static readonly NoVolume Instance = new();

        public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("routing never reads pixel data");
    }

    /// <summary>Puts the catalog behind the pipeline when the catalog is registered.</summary>
    private sealed class Module : IHostModule
    {
        public int Order => 60;

        public void Configure(HostApplicationBuilder builder) =>
            builder.Services.AddSingleton<IPluginGateway>(sp => new CatalogPluginGateway(sp.GetRequiredService<PluginCatalog>()));
    }
}
