using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Robustness;

/// <summary>Finds adversarial examples against the true targets and mixes them into a training batch.</summary>
public static class AdversarialExamples
{
    /// <summary>
    /// The worst case of each input within the L∞ ball: FGSM for one step (from a random start when
    /// asked), PGD (random start, signed steps, projection back into the ball) for more. The attack runs
    /// on the model in evaluation mode (batch norm's running statistics, no dropout), the network the
    /// engine's probe attacks; the model's mode is restored afterwards. The result is detached, so the
    /// caller's optimiser sees only the training step's gradients.
    /// </summary>
    /// <remarks>
    /// Crafted in training mode, the gradient is that of a different function: batch statistics of the
    /// attacked half-batch and a fresh dropout mask. On the Detection ensemble its signs agreed with the
    /// evaluation-mode gradient's for only 61% of the pixels, and those examples flipped 53% of held-out
    /// decisions at ε = 0.02 against 66% for the evaluation-mode ones: training hardened the model
    /// against a weaker attack than the one it is measured with.
    /// </remarks>
    public static Tensor Perturb(nn.Module<Tensor, Tensor> model, Tensor images, Tensor targets, LossKind loss, AdversarialTraining options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        return InEvaluationMode(model, () => Walk(images, options, x => Losses.Compute(loss, model.call(x), targets)));
    }

    /// <summary>
    /// TRADES' inner maximisation: the point of the ball (from a small random start) whose predicted class
    /// distribution is farthest (KL divergence) from the clean prediction. No labels are used. Evaluation
    /// mode as in <see cref="Perturb(nn.Module{Tensor, Tensor}, Tensor, Tensor, LossKind, AdversarialTraining)"/>.
    /// Class logits (softmax over dimension 1).
    /// </summary>
    public static Tensor PerturbTrades(nn.Module<Tensor, Tensor> model, Tensor images, AdversarialTraining options) =>
        PerturbTrades(model, images, options, LossKind.CrossEntropy);

    /// <summary>
    /// <see cref="PerturbTrades(nn.Module{Tensor, Tensor}, Tensor, AdversarialTraining)"/> for the model of a
    /// <paramref name="loss"/>: softmax class distributions for the cross entropy, one Bernoulli distribution per
    /// logit (per voxel and channel) for the sigmoid losses of segmentation (<see cref="TradesDivergence"/>).
    /// </summary>
    public static Tensor PerturbTrades(nn.Module<Tensor, Tensor> model, Tensor images, AdversarialTraining options, LossKind loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        return InEvaluationMode(model, () =>
        {
            using var scope = NewDisposeScope();
            Tensor reference;
            using (no_grad())
            {
                reference = model.call(images.detach());
            }

            var clean = images.detach();
            var x = Clamp(clean.Plus(randn_like(clean).Times(0.001)), options);
            var stepSize = options.Steps <= 1 ? options.Epsilon : 2.5 * options.Epsilon / options.Steps;
            for (var step = 0; step < options.Steps; step++)
            {
                x = Step(x, clean, stepSize, options, xg => TradesDivergence(loss, reference, model.call(xg)));
            }

            return x.MoveToOuterDisposeScope();
        });
    }

    /// <summary>
    /// TRADES' training loss: the clean loss plus β·KL(clean prediction ‖ prediction of the perturbed
    /// input), both halves through the model in its current (training) mode in one batch.
    /// </summary>
    public static Tensor TradesLoss(nn.Module<Tensor, Tensor> model, Tensor images, Tensor adversarial, Tensor targets, LossKind loss, double beta, out Tensor cleanOutput)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(adversarial);
        var n = images.shape[0];
        var output = model.call(cat([images, adversarial], 0));
        cleanOutput = output.narrow(0, 0, n);
        var perturbedOutput = output.narrow(0, n, n);
        var natural = Losses.Compute(loss, cleanOutput, targets);
        using var betaScalar = beta.ToScalar();
        return natural.Plus(TradesDivergence(loss, cleanOutput, perturbedOutput).mul(betaScalar));
    }

    /// <summary>
    /// The divergence TRADES keeps small, from the clean logits to the perturbed ones. Cross entropy: the batch mean
    /// of KL(p ‖ q) between softmax class distributions (summed over the classes). The sigmoid losses of segmentation:
    /// every logit is its own Bernoulli distribution (a voxel of one segment), and the divergence is the mean of
    /// their KL(p ‖ q) over samples, channels and voxels, the same scale as the per-voxel cross entropy beside it
    /// (a sum would grow with the patch). A segmentation's FGSM probe compares the decided masks of the clean and
    /// the attacked input, so it is the voxels' agreement with themselves, not with the label, that this asks for.
    /// </summary>
    public static Tensor TradesDivergence(LossKind loss, Tensor referenceLogits, Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(referenceLogits);
        ArgumentNullException.ThrowIfNull(logits);
        if (loss == LossKind.CrossEntropy)
        {
            var referenceLog = nn.functional.log_softmax(referenceLogits, 1);
            var log = nn.functional.log_softmax(logits, 1);
            return (referenceLog.exp() * (referenceLog - log)).sum(1).mean();
        }

        if (!SupportsTrades(loss))
        {
            throw new ArgumentException($"TRADES needs class logits (cross entropy) or per-voxel sigmoid logits, not {loss}", nameof(loss));
        }

        var p = referenceLogits.sigmoid();
        var positive = p * (nn.functional.logsigmoid(referenceLogits) - nn.functional.logsigmoid(logits));
        var negative = p.neg().Plus(1L) * (nn.functional.logsigmoid(referenceLogits.neg()) - nn.functional.logsigmoid(logits.neg()));
        return positive.Plus(negative).mean();
    }

    /// <summary>Whether TRADES has a divergence for a model trained with <paramref name="loss"/>: class logits, or one sigmoid logit per voxel and segment.</summary>
    public static bool SupportsTrades(LossKind loss) => loss is LossKind.CrossEntropy
        or LossKind.BinaryCrossEntropy
        or LossKind.Dice
        or LossKind.DiceBinaryCrossEntropy;

    /// <summary>
    /// The batch with its first ⌈fraction·n⌉ samples replaced by their adversarial examples (the batch
    /// order is already shuffled, so which samples is random). Targets are unchanged: an adversarial
    /// example keeps its true label.
    /// </summary>
    public static Tensor Mix(nn.Module<Tensor, Tensor> model, Tensor images, Tensor targets, LossKind loss, AdversarialTraining options)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return MixFirst(images, options, count => Perturb(model, images.narrow(0, 0, count), targets.narrow(0, 0, count), loss, options));
    }

    /// <summary>
    /// The adversarial examples of an image-to-image task (<see cref="TrainingTaskKind.ImageRestoration"/>),
    /// the engine's image probe's attack: perturbations with zero mean per sample and channel within the ball
    /// and the range (<see cref="ZeroMeanPerturbation"/>), on the output's deviation from the clean output,
    /// ‖f(x + δ) − f(x)‖², in evaluation mode. Its gradient vanishes at δ = 0, so it is taken at a random start
    /// in the set; one step (FGSM) is the sign of that gradient stepped from the clean input by epsilon and
    /// projected, as the probe does; more steps walk from the start by <see cref="AdversarialTraining.StepSize"/>,
    /// projecting after each. No targets: the attack is on what the network does, as the probe's.
    /// </summary>
    /// <remarks>
    /// The loss against the target without the constraint (what <see cref="Perturb(nn.Module{Tensor, Tensor}, Tensor, Tensor, LossKind, AdversarialTraining)"/> does) is, for a network
    /// that keeps mean intensity, close to a uniform shift of the input; training against that taught the
    /// denoising U-Net to stop following absolute HU (mean HU off by 14.5 HU on held-out phantoms) while the
    /// probe no longer counts such a shift as an attack.
    /// </remarks>
    internal static Tensor PerturbImage(nn.Module<Tensor, Tensor> model, Tensor images, AdversarialTraining options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        return InEvaluationMode(model, () =>
        {
            using var scope = NewDisposeScope();
            var clean = images.detach();
            Tensor reference;
            using (no_grad())
            {
                reference = model.call(clean);
            }

            Tensor Deviation(Tensor x) => model.call(x).sub(reference).pow(KeptScalars.Of(2L)).sum();
            var start = ZeroMeanPerturbation.RandomStart(clean, options.Epsilon, options.InputRange);
            Tensor delta;
            if (options.Steps <= 1)
            {
                // The probe's one step, from the same kind of start.
                var direction = ZeroMeanPerturbation.DeviationDirection(model, clean, reference, start);
                using var epsilon = options.Epsilon.ToScalar();
                delta = ZeroMeanPerturbation.Project(clean, direction.mul(epsilon), options.Epsilon, options.InputRange);
            }
            else
            {
                delta = start;
                using var step = options.StepSize.ToScalar();
                for (var i = 0; i < options.Steps; i++)
                {
                    var direction = Gradient(clean.Plus(delta), Deviation).sign();
                    delta = ZeroMeanPerturbation.Project(clean, delta.Plus(direction.mul(step)), options.Epsilon, options.InputRange);
                }
            }

            return clean.Plus(delta).detach().MoveToOuterDisposeScope();
        });
    }

    /// <summary>
    /// The adversarial examples for a task of <paramref name="kind"/>: image-to-image tasks get
    /// <see cref="PerturbImage"/>'s zero-mean examples (no targets), every other kind the
    /// loss-against-the-target examples of <see cref="Perturb(nn.Module{Tensor, Tensor}, Tensor, Tensor, LossKind, AdversarialTraining)"/>.
    /// </summary>
    internal static Tensor Perturb(nn.Module<Tensor, Tensor> model, Tensor images, Tensor targets, LossKind loss, AdversarialTraining options, TrainingTaskKind kind) =>
        kind == TrainingTaskKind.ImageRestoration
            ? PerturbImage(model, images, options)
            : Perturb(model, images, targets, loss, options);

    /// <summary>
    /// <see cref="Mix(nn.Module{Tensor, Tensor}, Tensor, Tensor, LossKind, AdversarialTraining)"/> with the examples of
    /// <see cref="Perturb(nn.Module{Tensor, Tensor}, Tensor, Tensor, LossKind, AdversarialTraining, TrainingTaskKind)"/> for a task of <paramref name="kind"/>.
    /// </summary>
    internal static Tensor Mix(nn.Module<Tensor, Tensor> model, Tensor images, Tensor targets, LossKind loss, AdversarialTraining options, TrainingTaskKind kind)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return MixFirst(images, options, count => Perturb(model, images.narrow(0, 0, count), targets.narrow(0, 0, count), loss, options, kind));
    }

    /// <summary>
    /// A batch's sample indices with those marked <see cref="TrainingSample.AttackFirst"/> moved to the front
    /// (each group in its drawn order), so the attacked first share of the batch takes them before the
    /// rest; the same indices when none is marked.
    /// </summary>
    internal static int[] AttackFirstOrder(IReadOnlyList<TrainingSample> samples, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var ordered = new int[indices.Length];
        var next = 0;
        foreach (var i in indices)
        {
            if (samples[i].AttackFirst)
            {
                ordered[next++] = i;
            }
        }

        foreach (var i in indices)
        {
            if (!samples[i].AttackFirst)
            {
                ordered[next++] = i;
            }
        }

        return ordered;
    }

    // The batch with its first ⌈fraction·n⌉ samples replaced by perturb(count)'s examples of them.
    private static Tensor MixFirst(Tensor images, AdversarialTraining options, Func<long, Tensor> perturb)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        var n = images.shape[0];
        var count = Math.Min(n, (long)Math.Ceiling(options.Fraction * n));
        if (count <= 0)
        {
            return images;
        }

        using var scope = NewDisposeScope();
        var perturbed = perturb(count);
        var mixed = count == n ? perturbed : cat([perturbed, images.narrow(0, count, n - count).detach()], 0);
        return mixed.MoveToOuterDisposeScope();
    }

    private static Tensor Gradient(Tensor at, Func<Tensor, Tensor> objective)
    {
        using var grad = enable_grad();
        var xg = at.detach().requires_grad_(true);
        return torch.autograd.grad([objective(xg)], [xg])[0];
    }

    private static Tensor Walk(Tensor images, AdversarialTraining options, Func<Tensor, Tensor> objective)
    {
        using var scope = NewDisposeScope();
        var clean = images.detach();
        var x = clean;
        if (options.Steps > 1 || options.RandomStart)
        {
            using var epsilon = options.Epsilon.ToScalar();
            x = clean.Plus(rand_like(clean).Times(2).sub(KeptScalars.One).mul(epsilon));
            x = Clamp(x, options);
        }

        for (var step = 0; step < options.Steps; step++)
        {
            x = Step(x, clean, options.StepSize, options, objective);
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>One signed-gradient ascent step of the objective, projected into the ball around <paramref name="clean"/>.</summary>
    private static Tensor Step(Tensor x, Tensor clean, double stepSize, AdversarialTraining options, Func<Tensor, Tensor> objective)
    {
        Tensor direction;
        using (enable_grad())
        {
            var xg = x.detach().requires_grad_(true);
            direction = torch.autograd.grad([objective(xg)], [xg])[0].sign();
        }

        // The step and epsilon change with the epoch's ramp: Scalars disposed after the calls that read them.
        using var step = stepSize.ToScalar();
        using var epsilon = options.Epsilon.ToScalar();
        var next = x.detach().Plus(direction.mul(step));
        next = torch.minimum(torch.maximum(next, clean.sub(epsilon)), clean.add(epsilon, KeptScalars.One));
        return Clamp(next, options).detach();
    }

    private static Tensor InEvaluationMode(nn.Module<Tensor, Tensor> model, Func<Tensor> attack)
    {
        var training = model.training;
        model.eval();
        try
        {
            return attack();
        }
        finally
        {
            if (training)
            {
                model.train();
            }
        }
    }

    private static Tensor Clamp(Tensor x, AdversarialTraining options)
    {
        if (options.InputRange is not { } r)
        {
            return x;
        }

        using var min = r.Min.ToScalar();
        using var max = r.Max.ToScalar();
        return x.clamp(min, max);
    }
}
