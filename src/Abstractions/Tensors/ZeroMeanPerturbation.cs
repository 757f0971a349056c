using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Abstractions.Tensors;

/// <summary>
/// The threat set of image-to-image networks (denoising, restoration): perturbations within the L∞ ball of
/// epsilon and the valid input range with <b>zero mean per sample and channel</b> over the pixels (voxels).
/// A uniform shift of the whole input is content an honest image network must pass through (a denoiser must
/// follow a +80 HU offset), so it is not an attack. The engine's FGSM probe for <c>ModelOutputKind.Image</c>
/// models and the training toolkit's adversarial examples for image tasks both project into this set, so a
/// network is hardened against the attack it is measured with. It lives in the plugin contract because the
/// engine references only the contract.
/// </summary>
public static class ZeroMeanPerturbation
{
    // Alternating projections between the zero-mean hyperplane and the box (ball ∩ valid range); the mean
    // left after these is far below the perturbation's size (the box binds only at the range's edges).
    private const int Projections = 8;

    /// <summary>
    /// The seed of the engine probe's random start: fixed, so that the same input always gives the same report,
    /// and public, so that a recipe's validation or a bench reproduces the probe's figure exactly
    /// (<see cref="ProbeDirection"/>).
    /// </summary>
    public const ulong ProbeSeed = 22;

    /// <summary>
    /// <paramref name="delta"/> (a perturbation of <paramref name="x"/>, same shape) clipped into the ball of
    /// <paramref name="epsilon"/> and into <paramref name="range"/> around <paramref name="x"/>, with its mean per
    /// sample and channel removed (a flat [batch, features] input: per sample over its features).
    /// </summary>
    public static Tensor Project(Tensor x, Tensor delta, double epsilon, (double Min, double Max)? range)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(delta);
        using var scope = NewDisposeScope();

        // Epsilon changes with a training ramp: Scalars disposed after the calls that read them.
        using var minus = (-epsilon).ToScalar();
        using var plus = epsilon.ToScalar();
        var low = full_like(x, minus);
        var high = full_like(x, plus);
        if (range is { } r)
        {
            using var min = r.Min.ToScalar();
            using var max = r.Max.ToScalar();
            low = low.maximum(full_like(x, min).sub(x));
            high = high.minimum(full_like(x, max).sub(x));
        }

        var dims = x.dim() > 2 ? Enumerable.Range(2, (int)x.dim() - 2).Select(d => (long)d).ToArray() : [1L];
        var d = delta.maximum(low).minimum(high);
        for (var i = 0; i < Projections; i++)
        {
            d = d.sub(d.mean(dims, keepdim: true)).maximum(low).minimum(high);
        }

        return d.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A random start inside the set: uniform in the ball, then projected (<see cref="Project"/>). With a
    /// <paramref name="generator"/> it is reproducible on its own (the engine's probe); without, it draws from
    /// TorchSharp's global generator (a trainer seeds that per epoch).
    /// </summary>
    public static Tensor RandomStart(Tensor x, double epsilon, (double Min, double Max)? range, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var uniform = rand(x.shape, ScalarType.Float32, generator: generator).to(x.device).to(x.dtype);
        using var size = epsilon.ToScalar();
        var start = uniform.mul(KeptScalars.Of(2L)).sub(KeptScalars.One).mul(size);
        return Project(x, start, epsilon, range).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The engine probe's attack direction for <paramref name="x"/>: <see cref="DeviationDirection"/> from a
    /// <see cref="RandomStart"/> of <paramref name="epsilon"/> drawn with <see cref="ProbeSeed"/>;
    /// <paramref name="clean"/> is the network's output for <paramref name="x"/>.
    /// </summary>
    public static Tensor ProbeDirection(nn.Module<Tensor, Tensor> module, Tensor x, Tensor clean, double epsilon, (double Min, double Max)? range)
    {
        using var generator = new Generator(ProbeSeed);
        using var scope = NewDisposeScope();
        var start = RandomStart(x, epsilon, range, generator);
        return DeviationDirection(module, x, clean, start).MoveToOuterDisposeScope();
    }

    /// <summary>The perturbed input x + δ for one epsilon: δ = epsilon × <paramref name="direction"/> projected (<see cref="Project"/>).</summary>
    public static Tensor Perturb(Tensor x, Tensor direction, double epsilon, (double Min, double Max)? range)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(direction);
        using var size = epsilon.ToScalar();
        return x.Plus(Project(x, direction.mul(size), epsilon, range));
    }

    /// <summary>
    /// The one-step attack's direction from <paramref name="start"/>: the signs of the gradient of the output's
    /// deviation from <paramref name="reference"/>, ‖f(x + start) − reference‖², at x + start (the gradient vanishes
    /// at the clean input, hence the random start). A network whose output did not move there (piecewise constant,
    /// or blind to zero-mean changes) gives no gradient; the start's own signs are then the attack.
    /// </summary>
    public static Tensor DeviationDirection(nn.Module<Tensor, Tensor> module, Tensor x, Tensor reference, Tensor start)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(start);
        using var grad = enable_grad();
        var at = x.Plus(start).detach().requires_grad_(true);
        var deviation = module.call(at).sub(reference).pow(KeptScalars.Of(2L)).sum();
        var direction = torch.autograd.grad([deviation], [at])[0].sign();
        return direction.abs().max().item<float>() == 0 ? start.sign() : direction;
    }
}
