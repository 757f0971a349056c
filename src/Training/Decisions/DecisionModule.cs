using RadCnn.Abstractions.Tensors;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Training.Decisions;

/// <summary>
/// A two-class network as the engine should see it: logits [−z/2, z/2] with
/// z = (l₁ − l₀)/T − logit(threshold), so the engine's argmax decision is the validated decision
/// (calibrated probability ≥ threshold), its FGSM probe tests that decision rather than a 0.5 cut, and
/// Grad-CAM of either class explains it. The calibrated probability is sigmoid(z + logit(threshold)),
/// <see cref="Probability"/>. The wrapped network is registered as "net", so its layers are named
/// "net.…" in <c>named_modules()</c>.
/// </summary>
public sealed class DecisionModule : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> net;
    private readonly double temperature;
    private readonly double thresholdLogit;

    public DecisionModule(Module<Tensor, Tensor> net, DecisionPolicy policy)
        : base(nameof(DecisionModule))
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(policy);
        this.net = net;
        temperature = policy.Temperature;
        thresholdLogit = Logit(policy.Threshold);
        RegisterComponents();
    }

    /// <summary>The prefix of the wrapped network's layer names.</summary>
    public const string NetPrefix = "net.";

    public static double Logit(double p)
    {
        var q = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(q / (1 - q));
    }

    /// <summary>The calibrated probability from z (the output row's second logit minus its first).</summary>
    public static double Probability(double z, double threshold) => 1 / (1 + Math.Exp(-(z + Logit(threshold))));

    // No dispose scope of its own: the caller's scope frees the intermediates.
    public override Tensor forward(Tensor input)
    {
        var logits = net.call(input);
        // A model's temperature and threshold are fixed while it is loaded: kept Scalars (see KeptScalars).
        var z = (logits[.., 1] - logits[.., 0]).div(KeptScalars.Of(temperature)).sub(KeptScalars.Of(thresholdLogit));
        return stack([z.Times(-0.5), z.Times(0.5)], 1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            net.Dispose();
        }

        base.Dispose(disposing);
    }
}
