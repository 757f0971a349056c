using Microsoft.Extensions.DependencyInjection;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Abstractions.Plugins;

/// <summary>
/// A RadCnn task plugin: the entry type named by <c>plugin.json</c>, created by the host with its
/// public parameterless constructor inside the plugin's own load context.
/// </summary>
/// <remarks>
/// <para>Lifecycle, driven by the host: <see cref="Configure"/> (register the plugin's own services),
/// <see cref="InitializeAsync"/> once (register models with the engine), then <see cref="ProcessAsync"/>
/// for each work item, concurrently, until the plugin is retired (a newer version arrived or its
/// folder was removed). In-flight calls then finish, <see cref="IAsyncDisposable.DisposeAsync"/> runs
/// once, the host disposes any model handle the plugin still holds, and the plugin's load context is unloaded.</para>
/// <para>Every call is guarded by the host: an exception becomes a failed job with its message, a call
/// that outlives the plugin's timeout is cancelled and reported as timed out, and a plugin that keeps
/// failing stops receiving work for a while. A plugin must not keep static state that outlives it
/// (event subscriptions on host objects, threads, timers), or its load context cannot be collected.</para>
/// </remarks>
public interface IRadCnnPlugin : IAsyncDisposable
{
    /// <summary>What the plugin does, for operators (<c>radcnn plugins</c>) and result provenance.</summary>
    PluginDescription Describe();

    /// <summary>
    /// Finer routing than the manifest's <c>accepts</c> rules, which the host applies first: return
    /// false to decline an item the rules let through (for example, too few slices). Must be cheap and
    /// must not touch pixel data. The default accepts everything the rules accept.
    /// </summary>
    bool Accepts(WorkItem item) => true;

    /// <summary>
    /// Registers the plugin's own services. The host has already added <see cref="IPluginContext"/>,
    /// the engine, logging, the plugin's configuration section and the clock; the built provider is
    /// <see cref="IPluginContext.Services"/>. Called once, before <see cref="InitializeAsync"/>.
    /// </summary>
    void Configure(IServiceCollection services)
    {
    }

    /// <summary>
    /// Prepares the plugin: loads its weights (use <see cref="IPluginContext.GetModelPath"/>, whose files
    /// the host has checked against their SHA-256) and registers its networks with
    /// <see cref="IPluginContext.Engine"/>. An exception here marks this version failed; the host keeps
    /// running the previous version, if any.
    /// </summary>
    ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Processes one work item and returns its result. Called concurrently for different items.
    /// Honour <paramref name="cancellationToken"/>: it fires at the plugin's timeout and at shutdown.
    /// Return <see cref="PluginResult.NotApplicable"/> for an item that turns out not to fit.
    /// </summary>
    Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken);
}
