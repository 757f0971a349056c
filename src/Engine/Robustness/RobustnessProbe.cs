using RadCnn.Abstractions.Engine;
using RadCnn.Engine.Models;
using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Robustness;

/// <summary>
/// FGSM robustness probe (Goodfellow et al.): one gradient of the loss for the model's own decision
/// with respect to the input, its sign, scaled by each epsilon of a short search and clamped into the
/// valid input range. All perturbed inputs are run as one batch, so the search costs one backward pass
/// and one or two forward passes. Image-to-image models are attacked differently (zero-mean, on the
/// output's deviation from a random start): see <see cref="ImageAttack"/>.
/// </summary>
internal sealed class RobustnessProbe
{
    private readonly EngineOptions _options;

    public RobustnessProbe(EngineOptions options) => _options = options;

    public RobustnessReport Run(RegisteredModel model, nn.Module<Tensor, Tensor> module, Tensor input, Device device)
    {
        using var scope = NewDisposeScope();
        var kind = model.Registration.OutputKind;
        var x = input.to(ScalarType.Float32, device).unsqueeze(0).detach();

        var range = model.Registration.InputRange;
        var (clean, direction) = kind == ModelOutputKind.Image
            ? ImageAttack.Direction(model, module, x, _options.FgsmEpsilon)
            : Direction(model, module, x, kind, margin: false);
        if (kind == ModelOutputKind.ClassLogits && direction.abs().max().item<float>() == 0)
        {
            // A saturated softmax gives a zero cross-entropy gradient (gradient masking); the logit margin never does.
            (clean, direction) = Direction(model, module, x, kind, margin: true);
        }

        var epsilons = _options.EffectiveEpsilonGrid.Append(_options.FgsmEpsilon).Distinct().Order().ToArray();
        var agreements = new double[epsilons.Length];
        var maxBatch = model.MaxBatchSize(_options.MaxBatchSize);
        using (no_grad())
        {
            for (var start = 0; start < epsilons.Length; start += maxBatch)
            {
                using var chunkScope = NewDisposeScope();
                var count = Math.Min(maxBatch, epsilons.Length - start);
                var perturbed = cat(Enumerable.Range(start, count).Select(i => kind == ModelOutputKind.Image
                    ? ZeroMeanPerturbation.Perturb(x, direction, epsilons[i], range)
                    : Perturb(x, direction, epsilons[i], range)).ToList(), 0);
                var outputs = module.call(perturbed);
                for (var j = 0; j < count; j++)
                {
                    agreements[start + j] = Agreement(kind, clean, outputs.narrow(0, j, 1));
                }
            }
        }

        bool Flips(int i) => kind == ModelOutputKind.ClassLogits ? agreements[i] < 0.5 : agreements[i] < _options.DenseFlipAgreement;
        var configured = Array.IndexOf(epsilons, _options.FgsmEpsilon);
        double? smallest = null;
        for (var i = 0; i < epsilons.Length; i++)
        {
            if (Flips(i))
            {
                smallest = epsilons[i];
                break;
            }
        }

        var flipsAtEpsilon = Flips(configured);
        var agreement = agreements[configured];
        return new RobustnessReport(_options.FgsmEpsilon, flipsAtEpsilon, smallest, agreement, flipsAtEpsilon || agreement < _options.FragilityThreshold);
    }

    private static (Tensor Clean, Tensor Direction) Direction(RegisteredModel model, nn.Module<Tensor, Tensor> module, Tensor x, ModelOutputKind kind, bool margin)
    {
        using var grad = enable_grad();
        var xg = x.clone().requires_grad_(true);
        var output = module.call(xg);
        OutputChecks.ThrowIfInvalid(model, output, 1);
        var loss = Loss(kind, output, margin);
        var gradient = torch.autograd.grad([loss], [xg])[0];
        return (output.detach(), gradient.sign());
    }

    private static Tensor Perturb(Tensor x, Tensor direction, double epsilon, (double Min, double Max)? range)
    {
        // Epsilons and ranges come from the options and registrations: a small, fixed set of kept Scalars.
        var perturbed = x.Plus(direction.mul(KeptScalars.Of(epsilon)));
        return range is { } r ? perturbed.clamp(KeptScalars.Of(r.Min), KeptScalars.Of(r.Max)) : perturbed;
    }

    private static Tensor Loss(ModelOutputKind kind, Tensor output, bool margin) => kind switch
    {
        ModelOutputKind.ClassLogits when output.shape[1] == 1 => BinaryLoss(output.select(1, 0), margin),
        ModelOutputKind.ClassLogits when margin => MarginLoss(output),
        ModelOutputKind.ClassLogits => nn.functional.cross_entropy(output, output.argmax(1)),
        ModelOutputKind.SegmentationLogits when output.shape[1] == 1 => BinaryLoss(output, margin),
        ModelOutputKind.SegmentationLogits => nn.functional.cross_entropy(output, output.argmax(1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "image models are attacked by ImageAttack"),
    };

    private static Tensor BinaryLoss(Tensor logits, bool margin)
    {
        var label = logits.gt(KeptScalars.Of(0L)).to(ScalarType.Float32);
        return margin
            ? -(logits * label.mul(KeptScalars.Of(2L)).sub(KeptScalars.One)).sum()
            : nn.functional.binary_cross_entropy_with_logits(logits, label);
    }

    private static Tensor MarginLoss(Tensor logits)
    {
        var label = logits.argmax(1, keepdim: true);
        var own = logits.gather(1, label);
        var others = logits.scatter(1, label, full_like(own, KeptScalars.Of(float.NegativeInfinity))).amax([1], keepdim: true);
        return (others - own).sum();
    }

    private static double Agreement(ModelOutputKind kind, Tensor clean, Tensor perturbed)
    {
        switch (kind)
        {
            case ModelOutputKind.ClassLogits:
                return Labels(clean).equal(Labels(perturbed)).item<bool>() ? 1.0 : 0.0;
            case ModelOutputKind.SegmentationLogits:
                return Dice(clean, perturbed);
            default:
                var reference = clean.norm().item<float>();
                var change = (perturbed - clean).norm().item<float>() / Math.Max(reference, 1e-12);
                return Math.Clamp(1.0 - change, 0.0, 1.0);
        }
    }

    private static Tensor Labels(Tensor logits) => logits.shape[1] == 1 ? logits.gt(KeptScalars.Of(0L)).to(ScalarType.Int64) : logits.argmax(1);

    /// <summary>Mean Dice over the foreground classes present in either mask; 1 when both are empty.</summary>
    private static double Dice(Tensor clean, Tensor perturbed)
    {
        var a = Labels(clean);
        var b = Labels(perturbed);
        var classes = Math.Max(2, clean.shape[1]);
        double sum = 0;
        var counted = 0;
        for (var c = 1; c < classes; c++)
        {
            var inA = a.eq(KeptScalars.Of(c));
            var inB = b.eq(KeptScalars.Of(c));
            var sizes = inA.sum().item<long>() + inB.sum().item<long>();
            if (sizes == 0)
            {
                continue;
            }

            var overlap = (inA & inB).sum().item<long>();
            sum += 2.0 * overlap / sizes;
            counted++;
        }

        return counted == 0 ? 1.0 : sum / counted;
    }
}
