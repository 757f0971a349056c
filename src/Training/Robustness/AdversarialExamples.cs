using RadCnn.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Robustness;

/// <summary>Finds adversarial examples against the true targets and mixes them into a training batch.</summary>
public static class AdversarialExamples
{
    /// <summary>
    /// The worst case of each input within the L∞ ball: FGSM for one step, PGD (random start, signed
    /// steps, projection back into the ball) for more. The model's mode is left as it is; the result is
    /// detached, so the caller's optimiser sees only the training step's gradients.
    /// </summary>
    public static Tensor Perturb(nn.Module<Tensor, Tensor> model, Tensor images, Tensor targets, LossKind loss, AdversarialTraining options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        using var scope = NewDisposeScope();
        var clean = images.detach();
        var x = clean;
        if (options.Steps > 1)
        {
            x = clean + ((rand_like(clean) * 2) - 1) * options.Epsilon;
            x = Clamp(x, options);
        }

        for (var step = 0; step < options.Steps; step++)
        {
            Tensor direction;
            using (enable_grad())
            {
                var xg = x.detach().requires_grad_(true);
                var value = Losses.Compute(loss, model.call(xg), targets);
                direction = torch.autograd.grad([value], [xg])[0].sign();
            }

            x = x.detach() + (direction * options.StepSize);
            x = torch.minimum(torch.maximum(x, clean - options.Epsilon), clean + options.Epsilon);
            x = Clamp(x, options);
        }

        return x.detach().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The batch with its first ⌈fraction·n⌉ samples replaced by their adversarial examples (the batch
    /// order is already shuffled, so which samples is random). Targets are unchanged: an adversarial
    /// example keeps its true label.
    /// </summary>
    public static Tensor Mix(nn.Module<Tensor, Tensor> model, Tensor images, Tensor targets, LossKind loss, AdversarialTraining options)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        var n = images.shape[0];
        var count = Math.Min(n, (long)Math.Ceiling(options.Fraction * n));
        if (count <= 0)
        {
            return images;
        }

        using var scope = NewDisposeScope();
        var perturbed = Perturb(model, images.narrow(0, 0, count), targets.narrow(0, 0, count), loss, options);
        var mixed = count == n ? perturbed : cat([perturbed, images.narrow(0, count, n - count).detach()], 0);
        return mixed.MoveToOuterDisposeScope();
    }

    private static Tensor Clamp(Tensor x, AdversarialTraining options) =>
        options.InputRange is { } r ? x.clamp(r.Min, r.Max) : x;
}
