using RadCnn.Abstractions.Tensors;
using static TorchSharp.torch;

namespace RadCnn.Training.Optimization;

/// <summary>The losses of <see cref="LossKind"/> on model outputs (logits, or images for MSE).</summary>
internal static class Losses
{
    /// <summary>Weight of a false-positive voxel in <see cref="LossKind.TverskyBinaryCrossEntropy"/> (a false negative weighs one minus it).</summary>
    public const double TverskyFalsePositiveWeight = 0.7;

    /// <summary>Reach, in pixels, of the background around a component that <see cref="ComponentDice"/>'s shell term reads (7.5 mm on the 2.5 mm mass grid).</summary>
    public const int ShellRadius = 3;

    /// <summary>Side of the boxes whose mean error <see cref="LossKind.MeanSquaredErrorWithLocalMean"/> penalises, in pixels (larger than the attack's blobs, smaller than an organ).</summary>
    public const int LocalMeanWindow = 16;

    /// <summary>
    /// Default weight of the local-mean term of <see cref="LossKind.MeanSquaredErrorWithLocalMean"/> relative to the
    /// pixel-wise squared error (a recipe may choose another: <see cref="TrainingHyperParameters.LocalMeanWeight"/>).
    /// </summary>
    public const double LocalMeanWeight = 10;

    /// <summary>
    /// The loss of <paramref name="kind"/>; <paramref name="localMeanWeight"/> weighs the local-mean term and
    /// <paramref name="componentRecallWeight"/> each component's own cross entropy, where the loss has one;
    /// <paramref name="patchMeanWeight"/> weighs the squared mean error of each whole sample in
    /// <see cref="LossKind.MeanSquaredErrorWithLocalMean"/> (0: no such term), over the pixels whose target lies in
    /// <paramref name="patchMeanRange"/> where one is given.
    /// </summary>
    public static Tensor Compute(LossKind kind, Tensor output, Tensor target, double localMeanWeight = LocalMeanWeight, double componentRecallWeight = 0, double patchMeanWeight = 0, (double Low, double High)? patchMeanRange = null, double componentShellWeight = 0) => kind switch
    {
        LossKind.CrossEntropy => nn.functional.cross_entropy(output, target),
        LossKind.BinaryCrossEntropy => nn.functional.binary_cross_entropy_with_logits(output, target),
        LossKind.Dice => SoftDice(output, target),
        LossKind.MeanSquaredError => nn.functional.mse_loss(output, target),
        LossKind.DiceBinaryCrossEntropy => SoftDice(output, target).Plus(nn.functional.binary_cross_entropy_with_logits(output, target)),
        LossKind.MeanAbsoluteErrorWithGradient => AbsoluteErrorWithGradient(output, target),
        LossKind.SizeWeightedDiceBinaryCrossEntropy => SizeWeighted(output, target),
        LossKind.TverskyBinaryCrossEntropy => SoftTversky(output, target, TverskyFalsePositiveWeight).Plus(nn.functional.binary_cross_entropy_with_logits(output, target)),
        LossKind.MeanSquaredErrorWithLocalMean => SquaredErrorWithLocalMean(output, target, LocalMeanWindow, localMeanWeight, patchMeanWeight, patchMeanRange),
        LossKind.ComponentDiceBinaryCrossEntropy => ComponentDice(output, target, componentRecallWeight, componentShellWeight),
        LossKind.FocalDiceBinaryCrossEntropy => SoftDice(output, target.ge(KeptScalars.Of(0.5)).to_type(target.dtype)).Plus(Focal(output, target)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss"),
    };

    /// <summary>
    /// Mean |error| plus mean |horizontal difference of the error| plus mean |vertical difference| on
    /// images [batch, channels, height, width]: a flattened edge costs its step in the difference terms.
    /// </summary>
    public static Tensor AbsoluteErrorWithGradient(Tensor output, Tensor target)
    {
        var error = output - target;
        long height = error.shape[^2], width = error.shape[^1];
        var loss = error.abs().mean();
        // A single row or column has no differences along that axis (their mean would be NaN).
        if (width > 1)
        {
            loss = loss.Plus((error.narrow(-1, 1, width - 1) - error.narrow(-1, 0, width - 1)).abs().mean());
        }

        if (height > 1)
        {
            loss = loss.Plus((error.narrow(-2, 1, height - 1) - error.narrow(-2, 0, height - 1)).abs().mean());
        }

        return loss;
    }

    /// <summary>
    /// Mean squared error plus <paramref name="weight"/> times the mean squared local mean of the error on images
    /// [batch, channels, height, width]: the error averaged over boxes of <paramref name="window"/> pixels (stride
    /// half a box; images smaller than a box are averaged whole). Zero-mean noise left in the output averages out
    /// in a box; a shift of a region's level does not.
    /// <para>
    /// <paramref name="patchMeanWeight"/> adds that weight times the mean over samples of each sample's squared mean
    /// error over the pixels whose target lies in <paramref name="patchMeanRange"/> (every pixel where none is given;
    /// a sample with no such pixel adds 0). A level shift common to those pixels costs (1 + weight + patchMeanWeight)
    /// times its square, where the box term alone gives (1 + weight), while the residual noise of a 64 px patch
    /// averages out almost entirely. The range matters: over a whole patch the term also asks the network to remove
    /// what a clamped input adds where the target sits at the clamp (air's noise cut at −1000 HU has a positive
    /// mean), which it did by darkening the tissue beside the air (plugin README, Denoising, "A mean-bias term").
    /// </para>
    /// </summary>
    public static Tensor SquaredErrorWithLocalMean(Tensor output, Tensor target, int window, double weight, double patchMeanWeight = 0, (double Low, double High)? patchMeanRange = null)
    {
        var error = output - target;
        var side = (int)Math.Min(window, Math.Min(error.shape[^2], error.shape[^1]));
        var local = nn.functional.avg_pool2d(error, side, stride: Math.Max(1, side / 2));
        var loss = error.square().mean().Plus(local.square().mean().Times(weight));
        if (patchMeanWeight <= 0)
        {
            return loss;
        }

        if (patchMeanRange is not { } range)
        {
            return loss.Plus(error.flatten(1).mean([1L]).square().mean().Times(patchMeanWeight));
        }

        var inRange = target.ge(KeptScalars.Of(range.Low)).logical_and(target.le(KeptScalars.Of(range.High))).to_type(error.dtype).flatten(1);
        var bias = (error.flatten(1) * inRange).sum(1) / inRange.sum(1).clamp_min(KeptScalars.Of(1.0));
        return loss.Plus(bias.square().mean().Times(patchMeanWeight));
    }

    /// <summary>
    /// Soft Dice on the foreground (target ≥ 0.5) plus binary cross entropy whose foreground voxels weigh their target
    /// value (background 1), averaged over all voxels. The cross entropy's pull on a missed voxel, w·(p − 1), does not fade
    /// as p → 0, unlike the Dice term's, which passes through the sigmoid's slope.
    /// </summary>
    public static Tensor SizeWeighted(Tensor logits, Tensor target)
    {
        var truth = target.ge(KeptScalars.Of(0.5)).to_type(target.dtype);
        var weights = truth.mul(target.Plus(-1.0).clamp_min(KeptScalars.Of(0.0))).Plus(1.0);
        return SoftDice(logits, truth).Plus(nn.functional.binary_cross_entropy_with_logits(logits, truth, weights));
    }

    /// <summary>
    /// Soft Dice + binary cross entropy on the foreground (target ≥ 0.5), plus the mean over every (sample, marked component)
    /// of 1 − the component's soft Dice, taken over its own voxels and the background (target 0) with +1 smoothing: the
    /// other components' voxels are left out, so drawing them neither helps nor hurts this component's term. Each
    /// component's term also holds <paramref name="recall"/> times the mean of −log p over its voxels (none at 0), and
    /// <paramref name="shell"/> times the mean of −log(1 − p) over the background pixels within <see cref="ShellRadius"/>
    /// of it in the output's own 2D layout (none at 0): for a 3D patch stacked as [D·H, W] that is in-plane, except that
    /// the window reaches across the seam between two stacked slices, at the patch's edge.
    /// </summary>
    public static Tensor ComponentDice(Tensor logits, Tensor target, double recall, double shell = 0)
    {
        var truth = target.ge(KeptScalars.Of(0.5)).to_type(target.dtype);
        var loss = SoftDice(logits, truth).Plus(nn.functional.binary_cross_entropy_with_logits(logits, truth));
        var ids = target.flatten(1).round();
        var highest = (int)ids.max().item<float>();
        if (highest < 2)
        {
            return loss;
        }

        var probabilities = logits.sigmoid().flatten(1);
        var background = ids.eq(KeptScalars.Of(0.0)).to_type(probabilities.dtype);
        Tensor? sum = null;
        Tensor? count = null;
        for (var k = 2; k <= highest; k++)
        {
            var member = ids.eq(KeptScalars.Of(k)).to_type(probabilities.dtype);
            var voxels = member.sum(1);
            var present = voxels.gt(KeptScalars.Of(0.0)).to_type(probabilities.dtype);
            var intersection = (probabilities * member).sum(1);
            var region = (probabilities * background.Plus(member)).sum(1);
            var dice = intersection.Times(2).Plus(1) / region.Plus(voxels).Plus(1);
            var term = dice.neg().Plus(1);
            if (recall > 0)
            {
                // −log p = softplus(−z), averaged over the component's voxels (0 where the sample lacks it).
                var crossEntropy = (nn.functional.softplus(logits.flatten(1).neg()) * member).sum(1) / voxels.clamp_min(KeptScalars.Of(1.0));
                term = term.Plus(crossEntropy.Times(recall));
            }

            if (shell > 0)
            {
                // The background within ShellRadius pixels of the component: −log(1 − p) = softplus(z), averaged over it.
                var grown = nn.functional.max_pool2d(member.reshape(logits.shape), [(2 * ShellRadius) + 1, (2 * ShellRadius) + 1], [1, 1], [ShellRadius, ShellRadius]).flatten(1);
                var around = grown * background;
                var falsePositive = (nn.functional.softplus(logits.flatten(1)) * around).sum(1) / around.sum(1).clamp_min(KeptScalars.Of(1.0));
                term = term.Plus(falsePositive.Times(shell));
            }

            var missed = term.mul(present).sum();
            sum = sum is null ? missed : sum.Plus(missed);
            count = count is null ? present.sum() : count.Plus(present.sum());
        }

        return loss.Plus(sum! / count!.clamp_min(KeptScalars.Of(1.0)));
    }

    /// <summary>Focusing exponent γ of <see cref="LossKind.FocalDiceBinaryCrossEntropy"/> (RetinaNet's).</summary>
    public const double FocalGamma = 2;

    /// <summary>Weight α of a foreground voxel in <see cref="LossKind.FocalDiceBinaryCrossEntropy"/> (background 1 − α; RetinaNet's).</summary>
    public const double FocalPositiveWeight = 0.25;

    /// <summary>
    /// The focal loss on the foreground (target ≥ 0.5): Σ α_t (1 − p_t)^γ · cross entropy over all voxels, divided by the
    /// foreground voxels (at least one), with p_t the probability of the voxel's true class.
    /// </summary>
    public static Tensor Focal(Tensor logits, Tensor target)
    {
        var truth = target.ge(KeptScalars.Of(0.5)).to_type(logits.dtype);
        var crossEntropy = nn.functional.binary_cross_entropy_with_logits(logits, truth, reduction: nn.Reduction.None);
        var probabilities = logits.sigmoid();
        // p_t = p where the voxel is foreground, 1 − p where it is background; 1 − p_t = p + truth·(1 − 2p).
        var missed = probabilities.Plus(truth * probabilities.Times(-2.0).Plus(1.0));
        var weight = truth.Times((2 * FocalPositiveWeight) - 1).Plus(1 - FocalPositiveWeight);
        var focal = (weight * missed.pow(KeptScalars.Of(FocalGamma)) * crossEntropy).sum();
        return focal / truth.sum().clamp_min(KeptScalars.Of(1.0));
    }

    /// <summary>1 − soft Dice per sample, averaged; the +1 smoothing gives an empty mask and an empty prediction a loss of 0.</summary>
    public static Tensor SoftDice(Tensor logits, Tensor target)
    {
        var probabilities = logits.sigmoid().flatten(1);
        var truth = target.flatten(1);
        var intersection = (probabilities * truth).sum(1);
        var sizes = probabilities.sum(1).Plus(truth.sum(1));
        var dice = intersection.Times(2).Plus(1) / sizes.Plus(1);
        return dice.mean().neg().Plus(1);
    }

    /// <summary>
    /// 1 − soft Tversky index per sample, averaged: (TP + 1) / (TP + α FP + (1 − α) FN + 1) with
    /// <paramref name="falsePositiveWeight"/> α; α = 0.5 weighs the two errors as <see cref="SoftDice"/> does
    /// (the smoothing differs). The +1 smoothing gives an empty mask and an empty prediction a loss of 0.
    /// </summary>
    public static Tensor SoftTversky(Tensor logits, Tensor target, double falsePositiveWeight)
    {
        var probabilities = logits.sigmoid().flatten(1);
        var truth = target.flatten(1);
        var truePositive = (probabilities * truth).sum(1);
        var falsePositive = (probabilities * truth.neg().Plus(1)).sum(1);
        var falseNegative = (probabilities.neg().Plus(1) * truth).sum(1);
        var denominator = truePositive.Plus(falsePositive.Times(falsePositiveWeight)).Plus(falseNegative.Times(1 - falsePositiveWeight)).Plus(1);
        var index = truePositive.Plus(1) / denominator;
        return index.mean().neg().Plus(1);
    }
}
