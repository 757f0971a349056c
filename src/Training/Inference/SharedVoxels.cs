using System.Runtime.InteropServices;
using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Training.Inference;

/// <summary>
/// A volume's voxels as an array without copying them when the host's buffer is a whole array (as the host's
/// series assembly builds it): a 512 × 512 × 200 CT is 210 MB of floats, and a copy per stage that only reads it
/// was the largest single item in a liver job's peak memory. The array is the host's: read it, never write it.
/// </summary>
public static class SharedVoxels
{
    /// <summary>The array behind <paramref name="volume"/>'s voxels, or a copy when they are a slice of a larger buffer or not array-backed.</summary>
    public static float[] ReadOnlyArray(ImageVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return MemoryMarshal.TryGetArray(volume.Voxels, out var segment) && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : volume.Voxels.ToArray();
    }
}
