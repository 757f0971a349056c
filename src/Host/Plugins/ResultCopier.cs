using System.Runtime.InteropServices;
using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;

namespace RadCnn.Host.Plugins;

/// <summary>
/// Copies what a plugin returns into host-owned collections. A collection expression in plugin code
/// (<c>Findings = [f]</c>) compiles to a type synthesised inside the plugin's assembly; a result that
/// kept it would keep the plugin's load context alive for as long as the job store or a test holds
/// the result, and the version could never be unloaded.
/// </summary>
internal static class ResultCopier
{
    public static PluginResult Copy(PluginResult result) => result with
    {
        Findings = [.. result.Findings ?? []],
        Measurements = [.. result.Measurements ?? []],
        Files = [.. (result.Files ?? []).Select(f => f with { Content = OwnedBytes(f.Content) })],
        DicomObjects = [.. result.DicomObjects ?? []],
        Supersedes = result.Supersedes is { } s ? s with { SopInstanceUids = [.. s.SopInstanceUids ?? []] } : null,
    };

    public static PluginDescription Copy(PluginDescription description) =>
        description with { FindingCodes = [.. description.FindingCodes ?? []] };

    // Plain arrays are the host's own; anything else (a plugin's MemoryManager) is copied out.
    private static ReadOnlyMemory<byte> OwnedBytes(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array!.GetType() == typeof(byte[]) ? content : content.ToArray();
}
