using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Tensors;
using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Inference;
using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Bench.Segmentation;

/// <summary>
/// `--uterus --probe-check`: whether adversarial training attacks what the engine's probe measures. On each
/// case's largest decided uterus slice (the slice the plugin probes) it compares the probe's attack (sign of
/// the gradient of binary cross entropy of the uterus logit against its own decision at logit 0, on the
/// [3, S, S] input) with the shared trainer's (<see cref="AdversarialExamples.Perturb(nn.Module{Tensor, Tensor}, Tensor, Tensor, LossKind, AdversarialTraining)"/>
/// in evaluation mode on the packed [2, 2S, S] training sample, soft Dice + BCE of both outputs against
/// the true masks), both at the probe's epsilon: the agreement each leaves (Dice of the clean and
/// perturbed uterus masks at logit 0, the probe's cut, and at the plugin's uterus threshold), how often
/// their signs agree, a random-sign perturbation of the same size as a floor, and the engine's own
/// figure for the same input (the replication must match it). Beside them the probe as it is since plugin
/// 1.7.0 (logits centred on the uterus threshold, masks cut there) and the same with both masks reduced to their
/// largest 4-connected piece on the slice, the piece the plugin reports.
/// </summary>
internal static class UterusProbeCheck
{
    public sealed record CaseCheck(
        string Id,
        int Slice,
        int CleanPixels,
        double EngineAgreement,
        double ProbeAgreement,
        double ProbeAgreementAtThreshold,
        double TrainingAttackAgreement,
        double RandomSignAgreement,
        double SignAgreement,
        double LostShare,
        double GainedShare,
        double CentredAgreement,
        double CentredLargestPieceAgreement);

    public static async Task<List<CaseCheck>> RunAsync(UNet2D net, IReadOnlyList<LabelledMr> cases, IReadOnlyList<UterusResult> results, UterusSettings settings, double epsilon, Func<float[], Task<RobustnessReport>> engineProbe)
    {
        net.eval();
        var checks = new List<CaseCheck>();
        var size = MrSlices.Size;
        var area = size * size;
        var thresholdLogit = Math.Log(settings.UterusThreshold / (1 - settings.UterusThreshold));
        for (var i = 0; i < cases.Count; i++)
        {
            var mr = cases[i];
            var result = results[i];
            if (!result.Uterus.Contains(true))
            {
                continue;
            }

            var plane = mr.Rows * mr.Columns;
            var slice = MaskGeometry.KeySlice(result.Uterus, mr.Slices, plane);
            var planes = MrSlices.Planes(result.Prepared, mr.Slices, slice, settings.Planes);
            var engine = (await engineProbe(planes)).Agreement;

            using var scope = NewDisposeScope();
            var x = tensor(planes, [1, settings.Planes, size, size]);
            var clean = UterusLogit(net, x);

            // The probe's direction, as RobustnessProbe computes it for a single-channel segmentation head whose logits are
            // moved by `centre` (0: the 0.5 cut; since plugin 1.7.0 the uterus threshold's logit).
            Tensor ProbeDirection(double centre)
            {
                using var grad = enable_grad();
                var xg = x.detach().requires_grad_(true);
                var logits = UterusLogit(net, xg).sub(KeptScalars.Of(centre));
                var label = logits.gt(KeptScalars.Of(0L)).to(ScalarType.Float32);
                var loss = nn.functional.binary_cross_entropy_with_logits(logits, label);
                return torch.autograd.grad([loss], [xg])[0].sign();
            }

            var probeDirection = ProbeDirection(0);

            // The trainer's example of the same slice in its packed layout, against the true masks.
            var packed = Pack(planes, settings.Planes);
            var target = cat([tensor(UterusRecipeBase.Mask(mr.Uterus, slice, mr), [1, 1, size, size]), tensor(UterusRecipeBase.Mask(mr.Tumour, slice, mr), [1, 1, size, size])], 2);
            var attack = new AdversarialTraining { Epsilon = epsilon, Fraction = 1, InputRange = (0, MrSlices.MaxValue) };
            var trainingExample = Unpack(AdversarialExamples.Perturb(net, packed, target, LossKind.DiceBinaryCrossEntropy, attack), settings.Planes);
            var trainingDirection = trainingExample.sub(x).sign();

            var generator = new Generator((ulong)(1000 + i));
            var randomDirection = rand([1, settings.Planes, size, size], generator: generator).gt(KeptScalars.Of(0.5)).to(ScalarType.Float32).mul(KeptScalars.Of(2L)).sub(KeptScalars.One);

            Tensor Perturbed(Tensor direction) => x.Plus(direction.mul(KeptScalars.Of(epsilon))).clamp(KeptScalars.Of(0L), KeptScalars.Of((double)MrSlices.MaxValue));
            Tensor attacked;
            using (no_grad())
            {
                attacked = UterusLogit(net, Perturbed(probeDirection));
            }

            double AgreementOf(Tensor perturbedInput, double cut)
            {
                using var inner = NewDisposeScope();
                using var noGrad = no_grad();
                return Dice(clean, UterusLogit(net, perturbedInput), cut);
            }

            // The probe since plugin 1.7.0: logits centred on the uterus threshold, cut there; beside it the
            // same masks each kept as their largest 4-connected piece on the slice (what the plugin reports).
            var centredDirection = ProbeDirection(thresholdLogit);
            Tensor centredAttacked;
            using (no_grad())
            {
                centredAttacked = UterusLogit(net, Perturbed(centredDirection));
            }

            Tensor LargestPiece(Tensor logits) =>
                tensor(ConnectedComponents.Largest(logits.gt(KeptScalars.Of(thresholdLogit)).flatten().to(ScalarType.Bool).data<bool>().ToArray(), 1, size, size).Select(b => b ? 1f : 0f).ToArray());
            var centred = Dice(clean, centredAttacked, thresholdLogit);
            var centredLargest = Dice(LargestPiece(clean), LargestPiece(centredAttacked), 0.5);

            var both = probeDirection.ne(KeptScalars.Of(0L)).logical_and(trainingDirection.ne(KeptScalars.Of(0L)));
            var sameSign = probeDirection.eq(trainingDirection).logical_and(both).sum().item<long>() / (double)Math.Max(1, both.sum().item<long>());
            var cleanMask = clean.gt(KeptScalars.Of(0L));
            var attackedMask = attacked.gt(KeptScalars.Of(0L));
            var cleanPixels = cleanMask.sum().item<long>();
            var lost = cleanMask.logical_and(attackedMask.logical_not()).sum().item<long>();
            var gained = attackedMask.logical_and(cleanMask.logical_not()).sum().item<long>();
            checks.Add(new CaseCheck(
                mr.Id,
                slice,
                (int)cleanPixels,
                Math.Round(engine, 4),
                Math.Round(Dice(clean, attacked, 0), 4),
                Math.Round(AgreementOf(Perturbed(probeDirection), thresholdLogit), 4),
                Math.Round(AgreementOf(trainingExample, 0), 4),
                Math.Round(AgreementOf(Perturbed(randomDirection), 0), 4),
                Math.Round(sameSign, 4),
                Math.Round(lost / (double)Math.Max(1, cleanPixels), 4),
                Math.Round(gained / (double)Math.Max(1, cleanPixels), 4),
                Math.Round(centred, 4),
                Math.Round(centredLargest, 4)));
            var c = checks[^1];
            Console.Error.WriteLine(FormattableString.Invariant($"{c.Id} slice {c.Slice}: {c.CleanPixels} px; agreement engine {c.EngineAgreement:F3}, probe replicated {c.ProbeAgreement:F3} (at threshold {c.ProbeAgreementAtThreshold:F3}), trainer's attack {c.TrainingAttackAgreement:F3}, random sign {c.RandomSignAgreement:F3}; signs agree {c.SignAgreement:P0}; probe lost {c.LostShare:P1} gained {c.GainedShare:P1} of the clean mask; at the threshold {c.CentredAgreement:F3}, largest pieces {c.CentredLargestPieceAgreement:F3}"));
        }

        return checks;
    }

    /// <summary>Summary of the checks: mean with bootstrap interval of each figure.</summary>
    public static object Summarise(IReadOnlyList<CaseCheck> checks, int seed)
    {
        double[] Of(Func<CaseCheck, double> pick)
        {
            var v = SegmentationEvaluator.MeanWithInterval(checks.Select(pick).ToList(), seed);
            return [Math.Round(v.Mean, 3), Math.Round(v.Low, 3), Math.Round(v.High, 3)];
        }

        return new
        {
            cases = checks.Count,
            engine_agreement = Of(c => c.EngineAgreement),
            probe_agreement_replicated = Of(c => c.ProbeAgreement),
            probe_agreement_at_uterus_threshold = Of(c => c.ProbeAgreementAtThreshold),
            training_attack_agreement = Of(c => c.TrainingAttackAgreement),
            random_sign_agreement = Of(c => c.RandomSignAgreement),
            sign_agreement_probe_vs_training = Of(c => c.SignAgreement),
            probe_lost_share = Of(c => c.LostShare),
            probe_gained_share = Of(c => c.GainedShare),
            centred_agreement = Of(c => c.CentredAgreement),
            centred_largest_piece_agreement = Of(c => c.CentredLargestPieceAgreement),
            per_case = checks,
        };
    }

    private static Tensor UterusLogit(UNet2D net, Tensor x) => net.call(x).narrow(1, 0, 1);

    /// <summary>Dice of the two maps cut at <paramref name="cut"/> (logit); 1 when both are empty.</summary>
    private static double Dice(Tensor a, Tensor b, double cut)
    {
        using var scope = NewDisposeScope();
        var inA = a.gt(KeptScalars.Of(cut));
        var inB = b.gt(KeptScalars.Of(cut));
        var sizes = inA.sum().item<long>() + inB.sum().item<long>();
        return sizes == 0 ? 1 : 2.0 * inA.logical_and(inB).sum().item<long>() / sizes;
    }

    /// <summary>The trainer's layout: two planes per channel (top and bottom), the unused half zero.</summary>
    private static Tensor Pack(float[] planes, int count)
    {
        var area = MrSlices.Size * MrSlices.Size;
        var channels = UNet2D.PackedChannels(count);
        var pixels = new float[channels * 2 * area];
        Array.Copy(planes, pixels, planes.Length);
        return tensor(pixels, [1, channels, 2 * MrSlices.Size, MrSlices.Size]);
    }

    private static Tensor Unpack(Tensor packed, int count)
    {
        var side = MrSlices.Size;
        var planes = new List<Tensor>();
        for (var c = 0; c < packed.shape[1]; c++)
        {
            planes.Add(packed.narrow(1, c, 1).narrow(2, 0, side));
            planes.Add(packed.narrow(1, c, 1).narrow(2, side, side));
        }

        return cat(planes.Take(count).ToList(), 1);
    }
}
