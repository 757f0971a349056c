using RadCnn.Training.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Models;

/// <summary>
/// Adversarial training from inside the model, because the shared trainer hands a model only images:
/// in training mode, half of each batch is replaced by its FGSM perturbation against the model's own
/// current decision (the direction the engine's robustness probe uses), with an epsilon drawn per
/// sample up to <see cref="MaxEpsilon"/> in normalised input units, clamped to the input range 0..1.
/// Evaluation and inference never perturb.
/// </summary>
internal static class AdversarialMix
{
    public const double MaxEpsilon = 0.04;

    public static Tensor Apply(Func<Tensor, Tensor> run, Tensor input)
    {
        Tensor direction;
        using (enable_grad())
        {
            var x = input.detach().requires_grad_(true);
            var logits = run(x);
            var loss = nn.functional.cross_entropy(logits, logits.argmax(1).detach());
            direction = torch.autograd.grad([loss], [x])[0].sign();
        }

        var shape = new long[input.dim()];
        Array.Fill(shape, 1L);
        shape[0] = input.shape[0];
        var epsilon = rand(shape, device: input.device).Times(MaxEpsilon);
        var chosen = rand(shape, device: input.device).lt(KeptScalars.Of(0.5)).to(ScalarType.Float32);
        var perturbed = input.detach().Plus(direction * epsilon * chosen).clamp(KeptScalars.Of(0L), KeptScalars.Of(1L));
        return perturbed.detach();
    }
}
