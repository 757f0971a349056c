using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Tensors;

/// <summary>
/// Scalars that stay alive while libtorch reads them (the engine's copy of RadCnn.Training's KeptScalars; the
/// engine references only the plugin contract). TorchSharp 0.107 passes a Scalar's raw address to libtorch and
/// keeps no reference to it during the call, so a Scalar made by an implicit conversion (<c>a + b</c>'s alpha,
/// <c>t * 0.5</c>, <c>clamp(0, 1)</c>, <c>x == 2</c>) can be finalised by a collection another thread starts while
/// libtorch reads it. Every forward pass, probe and explanation runs beside ingest threads that allocate, so the
/// engine passes Scalars from here (process lifetime, never finalised) or tensors.
/// </summary>
internal static class KeptScalars
{
    // Keyed by the bit pattern, so that -0.0 and 0.0 (equal as doubles, different in a product) stay apart.
    private static readonly ConcurrentDictionary<long, Scalar> Doubles = new();
    private static readonly ConcurrentDictionary<long, Scalar> Integers = new();

    /// <summary>The integer 1: TorchSharp's default alpha of <c>add</c>.</summary>
    public static Scalar One { get; } = Of(1L);

    /// <summary>A process-lifetime double Scalar; for constants and configuration values (a small, fixed set) only.</summary>
    public static Scalar Of(double value) => Doubles.GetOrAdd(BitConverter.DoubleToInt64Bits(value), static (_, v) => v.ToScalar(), value);

    /// <summary>A process-lifetime integer Scalar (integer tensors need integer Scalars).</summary>
    public static Scalar Of(long value) => Integers.GetOrAdd(value, static (_, v) => v.ToScalar(), value);

    /// <summary><c>left + right</c> without the implicit alpha Scalar of TorchSharp's operator.</summary>
    public static Tensor Plus(this Tensor left, Tensor right) => left.add(right, One);
}
