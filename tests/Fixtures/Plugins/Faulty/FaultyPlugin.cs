using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;

namespace Fixture.Faulty;

/// <summary>
/// Misbehaves on demand, by item id: "throw…" throws, "fail…" returns a failed result, "decline…" is
/// declined by Accepts, "accepts-throws…" throws from Accepts; anything else succeeds.
/// </summary>
public sealed class FaultyPlugin : IRadCnnPlugin
{
    public PluginDescription Describe() => new("Fails on demand (test fixture)");

    public bool Accepts(WorkItem item) => item.Id.StartsWith("accepts-throws", StringComparison.Ordinal)
        ? throw new InvalidOperationException("cannot decide")
        : !item.Id.StartsWith("decline", StringComparison.Ordinal);

    public ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (item.Id.StartsWith("throw", StringComparison.Ordinal))
        {
            throw new InvalidDataException("pixel data is unreadable (fixture)");
        }

        return Task.FromResult(item.Id.StartsWith("fail", StringComparison.Ordinal)
            ? PluginResult.Failed("could not segment (fixture)")
            : new PluginResult { Message = "ok" });
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
