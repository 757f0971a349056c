using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;

namespace Fixture.Hangs;

/// <summary>
/// Never finishes an item whose id starts with "hang", and ignores cancellation while at it; blocks its
/// calling thread (Thread.Sleep, no await) for N ms on an item "block-N"; answers other items at once.
/// The host must time the call out and carry on.
/// </summary>
public sealed class HangingPlugin : IRadCnnPlugin
{
    public PluginDescription Describe() => new("Hangs (test fixture)");

    /// <summary>Blocks its calling thread for 5 s on an item "stuck-accepts" (a check that should be cheap).</summary>
    public bool Accepts(WorkItem item)
    {
        if (item.Id.StartsWith("stuck-accepts", StringComparison.Ordinal))
        {
            Thread.Sleep(5000);
        }

        return true;
    }

    public ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (item.Id.StartsWith("block-", StringComparison.Ordinal))
        {
            Thread.Sleep(int.Parse(item.Id["block-".Length..], System.Globalization.CultureInfo.InvariantCulture));
            return new PluginResult { Message = "woke up" };
        }

        if (item.Id.StartsWith("hang", StringComparison.Ordinal))
        {
            await new TaskCompletionSource().Task;
        }

        return new PluginResult { Message = "answered" };
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
