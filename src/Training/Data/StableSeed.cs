using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RadCnn.Training.Data;

/// <summary>
/// A random generator's seed derived from a training seed and a sample's key (a phantom's id, a case's name) that is
/// the same in every process and on every machine. .NET randomises <see cref="string.GetHashCode()"/> and
/// <see cref="HashCode"/> per process, so a seed built from them cuts different patches each run and "the same seed
/// gives the same weights" fails silently. The first four bytes of SHA-256 of "seed\nkey" (UTF-8), little-endian,
/// as a non-negative int: anyone can recompute it (the same scheme orders patients in <see cref="PatientSplit"/>).
/// </summary>
public static class StableSeed
{
    /// <summary>The seed for <paramref name="key"/> under training seed <paramref name="seed"/>, from 0 to <see cref="int.MaxValue"/>.</summary>
    public static int Of(int seed, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}\n{key}")), hash);
        return BinaryPrimitives.ReadInt32LittleEndian(hash) & int.MaxValue;
    }
}
