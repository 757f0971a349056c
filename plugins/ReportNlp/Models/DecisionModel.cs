using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.ReportNlp.Models;

/// <summary>
/// The network as the engine sees it: logits [−z/2, z/2] with z = (l₁ − l₀)/T − logit(threshold), so the
/// engine's argmax decision is the validated decision (calibrated probability ≥ threshold) and its FGSM
/// probe tests that decision, not a 0.5 cut, and Grad-CAM of either class shows the words for or against
/// it. The calibrated probability is sigmoid(z + logit(threshold)).
/// </summary>
internal sealed class DecisionModel : Module<Tensor, Tensor>
{
    /// <summary>The feature layer for Grad-CAM, as named by <c>named_modules()</c>.</summary>
    public const string FeatureLayer = "net." + TextCnn.FeatureLayer;

    private readonly TextCnn net;
    private readonly double temperature;
    private readonly double thresholdLogit;

    public DecisionModel(TextCnn net, double temperature, double threshold)
        : base(nameof(DecisionModel))
    {
        this.net = net;
        this.temperature = temperature;
        thresholdLogit = Logit(threshold);
        RegisterComponents();
    }

    public static double Logit(double p) => Math.Log(Math.Clamp(p, 1e-6, 1 - 1e-6) / (1 - Math.Clamp(p, 1e-6, 1 - 1e-6)));

    /// <summary>The calibrated probability of acute PE from z (the output row's second logit minus its first).</summary>
    public static double Probability(float z, double threshold) => 1 / (1 + Math.Exp(-(z + Logit(threshold))));

    // No dispose scope of its own, as in TextCnn: the caller's scope frees the intermediates.
    public override Tensor forward(Tensor input)
    {
        var logits = net.call(input);
        var z = ((logits[.., 1] - logits[.., 0]) / temperature) - thresholdLogit;
        return stack([z * -0.5, z * 0.5], 1);
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
