using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Architecture.Tests;

/// <summary>One method per form of <see cref="ScalarLifetimeTests"/>' check; those named Safe* must pass it. Never run.</summary>
#pragma warning disable CA1822, IDE0060
internal sealed class ScalarHazardSamples
{
    private static readonly Scalar Half = 0.5.ToScalar();
    private static readonly Scalar One = 1.ToScalar();

    public Tensor ImplicitAtTheCall(Tensor t) => t.mul(0.5);

    public Tensor Comparison(Tensor t) => t > 0;

    public Tensor Clamp(Tensor t) => t.clamp(0, 1);

    public Tensor TensorPlusTensor(Tensor a, Tensor b) => a + b;

    public Tensor NumberTimesTensor(Tensor t) => 2 * t;

    public Tensor TensorMinusNumber(Tensor t) => t - 1f;

    public Tensor AddWithoutAlpha(Tensor a, Tensor b) => a.add(b);

    public Tensor InPlaceAddWithoutAlpha(Tensor a, Tensor b) => a.add_(b);

    public Tensor InALambda(Tensor t) => new Func<Tensor>(() => t / 2.0)();

    public object TorchSharpsAdam(IEnumerable<TorchSharp.Modules.Parameter> p) => optim.Adam(p);

    public object TorchSharpsBatchNorm() => nn.BatchNorm2d(4);

    public Tensor SafeTensorTimesTensor(Tensor a, Tensor b) => (a * b) - (a / b);

    public Tensor SafeKeptScalars(Tensor a, Tensor b) => a.mul(Half).add(b, One);

    public Tensor SafeDisposedScalar(Tensor t, double factor)
    {
        using var s = factor.ToScalar();
        return t.mul(s);
    }
}
