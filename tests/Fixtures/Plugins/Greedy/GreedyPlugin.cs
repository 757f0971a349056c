using System.Runtime.InteropServices;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;

namespace Fixture.Greedy;

/// <summary>
/// Allocates without bound on an item "allocate" (managed arrays) or "allocate-native" (unmanaged
/// memory), touching every page and keeping every block, and swallows the OutOfMemoryException a
/// limit may throw; on "drop-N" allocates one array of N MB, touches it and lets it go (garbage for the host
/// process to return); on "heap" answers with the managed heap's size, garbage included, and how many collections
/// were induced in the process since the plugin started (the host's returns; the fixture never collects); answers other items at
/// once (with its process id, so a test can see a restart).
/// </summary>
public sealed class GreedyPlugin : IRadCnnPlugin
{
    private static readonly List<byte[]> Kept = [];
    private readonly InducedCollections _induced = new();

    public PluginDescription Describe() => new("Greedy (test fixture)");

    public ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (item.Id.StartsWith("allocate", StringComparison.Ordinal))
        {
            var native = item.Id == "allocate-native";
            while (true)
            {
                try
                {
                    if (native)
                    {
                        var block = Marshal.AllocHGlobal(16 << 20);
                        for (var i = 0; i < 16 << 20; i += 4096)
                        {
                            Marshal.WriteByte(block, i, 1);
                        }
                    }
                    else
                    {
                        var block = new byte[16 << 20];
                        Array.Fill(block, (byte)1);
                        Kept.Add(block);
                    }
                }
                catch (OutOfMemoryException)
                {
                    // A hostile plugin does not give up: try again.
                }
            }
        }

        if (item.Id.StartsWith("drop-", StringComparison.Ordinal))
        {
            var dropped = new byte[int.Parse(item.Id["drop-".Length..], System.Globalization.CultureInfo.InvariantCulture) << 20];
            Array.Fill(dropped, (byte)1);
            return Task.FromResult(new PluginResult { Message = $"dropped {dropped.Length >> 20} MB" });
        }

        if (item.Id == "heap")
        {
            return Task.FromResult(new PluginResult { Message = $"heap {GC.GetTotalMemory(forceFullCollection: false) >> 20} MB, induced {_induced.Count}" });
        }

        return Task.FromResult(new PluginResult { Message = $"answered by {Environment.ProcessId}" });
    }

    public ValueTask DisposeAsync()
    {
        _induced.Dispose();
        return ValueTask.CompletedTask;
    }
}
