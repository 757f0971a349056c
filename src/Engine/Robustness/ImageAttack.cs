using RadCnn.Engine.Models;
using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Robustness;

/// <summary>
/// The FGSM attack for image-to-image networks (<c>ModelOutputKind.Image</c>: denoising, restoration).
/// <para>
/// The threat is a perturbation within the L∞ ball of epsilon and the valid input range, with <b>zero
/// mean per channel over the input</b>: a uniform shift of the whole input is content an honest image
/// network must pass through (a denoiser that kept its output still under a +80 HU offset would be
/// lying about HU), so it is not counted as an attack. The objective is the output's deviation from the
/// clean output, ‖f(x + δ) − f(x)‖². Its gradient vanishes at δ = 0, so it is taken at a random start
/// (δ₀ uniform in the ball, made zero-mean; Wong et al. 2020 start FGSM the same way), and the attack is
/// the sign of that gradient, stepped from the clean input by each epsilon and projected back into the
/// zero-mean set (<see cref="ZeroMeanPerturbation"/>, shared with the training toolkit's adversarial examples for
/// image tasks). Observation-based zero-mean attacks on denoisers (Yan et al., IJCAI 2022) use the same
/// constraint for the same reason.
/// </para>
/// <para>
/// Earlier the engine stepped along the sign of the gradient of the output's energy, ‖f(x)‖²:
/// for any network that keeps the mean of its input that sign is +1 almost everywhere, so the "attack"
/// was a uniform +epsilon shift and the identity already reported epsilon over the input's RMS. That
/// measured calibration (does the output follow a DC offset), not fragility; no plugin other than
/// Denoising registered an image model.
/// </para>
/// <para>
/// What the figure means: the relative output change ‖f(x + δ) − f(x)‖ / ‖f(x)‖. The identity reports
/// ‖δ‖ / ‖x‖ (about epsilon over the input's RMS), a network that amplifies the attack more than that,
/// one that attenuates it less. The one-step attack finds the frequencies a network passes: a linear
/// smoothing filter still keeps about 0.7 of it (against about 0.1-0.4 of random zero-mean sign noise),
/// because the sign of the low-passed gradient is a blob pattern at the filter's own scale.
/// A multi-step attack inside the same set could find zero-mean patterns at anatomical scale
/// (one half of the crop up, the other down) that any honest network passes in full; the probe is a
/// first-order, one-gradient measure and is read beside the identity's figure on the same input.
/// </para>
/// </summary>
internal static class ImageAttack
{
    /// <summary>The clean output and the attack's direction (signs, zero where the gradient is zero), from the probe's seeded start.</summary>
    public static (Tensor Clean, Tensor Direction) Direction(RegisteredModel model, nn.Module<Tensor, Tensor> module, Tensor x, double epsilon)
    {
        Tensor clean;
        using (no_grad())
        {
            clean = module.call(x);
        }

        OutputChecks.ThrowIfInvalid(model, clean, 1);
        return (clean, ZeroMeanPerturbation.ProbeDirection(module, x, clean, epsilon, model.Registration.InputRange));
    }
}
