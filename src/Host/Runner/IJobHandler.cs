using RadCnn.Host.Store;

namespace RadCnn.Host.Runner;

/// <summary>
/// Does one attempt of a job: builds the work item, runs the plugin, writes the outputs; returns the
/// output directory. Throws <see cref="PluginUnavailableException"/> to postpone without counting
/// an attempt, <see cref="JobRejectedException"/> for a failure no retry can fix, anything else to retry.
/// </summary>
internal interface IJobHandler
{
    Task<string> HandleAsync(JobRecord job, CancellationToken cancellationToken);
}
