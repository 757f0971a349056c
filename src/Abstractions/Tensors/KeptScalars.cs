using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Abstractions.Tensors;

/// <summary>
/// Scalars that stay alive while libtorch reads them. TorchSharp 0.107 hands libtorch the raw address of a
/// <see cref="Scalar"/> and keeps no reference to it during the native call, and a Scalar made by an implicit
/// conversion (a number where a Scalar is expected: <c>a + b</c>'s alpha of 1, <c>t * 0.5</c>, <c>clamp(0, 1)</c>,
/// <c>x == 2</c>) is unreachable as soon as its address is read. A collection started by any other thread
/// during that call lets the finaliser free the value libtorch is reading: a "Scalar::toFloat" check failure
/// at best, a silently different number at worst. RadCnn code on a per-inference or per-training-step path
/// therefore passes either a Scalar from here (process lifetime, never finalised), a Scalar it disposes
/// after the call (<c>using var s = x.ToScalar();</c>), or a tensor. It lives in the plugin contract so that the
/// engine (which references only the contract), the training toolkit and every plugin share one set.
/// </summary>
public static class KeptScalars
{
    // Keyed by the bit pattern, so that -0.0 and 0.0 (equal as doubles, different in a product) stay apart.
    private static readonly ConcurrentDictionary<long, Scalar> Doubles = new();
    private static readonly ConcurrentDictionary<long, Scalar> Integers = new();

    /// <summary>The integer 1: TorchSharp's default alpha of <c>add</c> and value of <c>addcmul</c>/<c>addcdiv</c>.</summary>
    public static Scalar One { get; } = Of(1L);

    /// <summary>
    /// A process-lifetime double Scalar of <paramref name="value"/>, made once per distinct value. For constants and
    /// configuration values only (a fixed, small set): a value that changes every call belongs in a disposed Scalar.
    /// </summary>
    public static Scalar Of(double value) => Doubles.GetOrAdd(BitConverter.DoubleToInt64Bits(value), static (_, v) => v.ToScalar(), value);

    /// <summary>A process-lifetime integer Scalar of <paramref name="value"/> (integer tensors need integer Scalars).</summary>
    public static Scalar Of(long value) => Integers.GetOrAdd(value, static (_, v) => v.ToScalar(), value);

    /// <summary><c>left + right</c> without the implicit alpha Scalar of TorchSharp's operator.</summary>
    public static Tensor Plus(this Tensor left, Tensor right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.add(right, One);
    }

    /// <summary><c>left + value</c> with a kept Scalar (see <see cref="Of(double)"/> for which values belong here).</summary>
    public static Tensor Plus(this Tensor left, double value)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.add(Of(value), One);
    }

    /// <summary><c>left + value</c> with a kept integer Scalar (the type TorchSharp's operator would have used).</summary>
    public static Tensor Plus(this Tensor left, long value)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.add(Of(value), One);
    }

    /// <summary><c>left * value</c> with a kept integer Scalar (the type TorchSharp's operator would have used).</summary>
    public static Tensor Times(this Tensor left, long value)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.mul(Of(value));
    }

    /// <summary><c>left * value</c> with a kept Scalar (see <see cref="Of(double)"/> for which values belong here).</summary>
    public static Tensor Times(this Tensor left, double value)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.mul(Of(value));
    }
}
