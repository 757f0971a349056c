using RadCnn.Training.Optimization;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Optimization;

/// <summary>
/// The L1 + gradient-difference restoration loss against values worked by hand, and the property it
/// exists for: a step smoothed into a ramp costs more than under mean absolute error alone. The Tversky
/// loss against hand-worked values at both weightings, and its purpose: a false voxel costs more
/// than a missed one. The local-mean restoration loss against hand-worked values, and its purpose: a moved region costs
/// more than noise of the same squared error. The focal term against hand-worked values, and its purpose: a missed small
/// lesion leads the easy background's pull, and a false positive still pays.
/// </summary>
public class LossesTests
{
    [Fact]
    public void MatchesTheHandWorkedSumOfTheAbsoluteErrorAndItsDifferences()
    {
        using var scope = NewDisposeScope();
        // Error [[1, 0], [0, 0]]: mean |e| = 1/4; x differences [[-1], [0]]: mean 1/2; y differences [[-1, 0]]: mean 1/2.
        var target = zeros(1, 1, 2, 2);
        var output = tensor(new float[] { 1, 0, 0, 0 }, [1, 1, 2, 2]);
        var loss = Losses.Compute(LossKind.MeanAbsoluteErrorWithGradient, output, target).item<float>();
        Assert.Equal(1.25f, loss, 5);
        Assert.Equal(0f, Losses.Compute(LossKind.MeanAbsoluteErrorWithGradient, target, target).item<float>());
    }

    [Fact]
    public void ASmoothedStepCostsMoreThanItsAbsoluteErrorAlone()
    {
        using var scope = NewDisposeScope();
        // A row 0 0 0 0 1 1 1 1 and the same step spread over a ramp (the edge a denoiser blurs).
        var step = tensor(new float[] { 0, 0, 0, 0, 1, 1, 1, 1 }, [1, 1, 1, 8]);
        var ramp = tensor(new float[] { 0, 0, 0, 0.25f, 0.75f, 1, 1, 1 }, [1, 1, 1, 8]);
        var l1 = nn.functional.l1_loss(ramp, step).item<float>();
        var withGradient = Losses.Compute(LossKind.MeanAbsoluteErrorWithGradient, ramp, step).item<float>();
        // error 0 0 0 0.25 -0.25 0 0 0, its x differences 0 0 0.25 -0.5 0.25 0 0 (sum 1 over 7); a single row has no y differences.
        Assert.Equal(l1 + (1.0f / 7), withGradient, 5);
    }

    [Fact]
    public void TheLocalMeanTermAddsTheWeightedSquaredBoxMeansOfTheError()
    {
        using var scope = NewDisposeScope();
        // A 4 x 4 error with boxes of 2 (stride 1): a uniform error of 0.1 has every box mean 0.1, so the loss is
        // 0.01 + 3 x 0.01; a checkerboard of ±0.1 has every 2 x 2 box mean 0, so only the pixel term, 0.01, is left.
        var target = zeros(1, 1, 4, 4);
        var uniform = full([1, 1, 4, 4], 0.1f);
        var checker = tensor(Enumerable.Range(0, 16).Select(i => (((i / 4) + (i % 4)) % 2 == 0) ? 0.1f : -0.1f).ToArray(), [1, 1, 4, 4]);
        Assert.Equal(0.04f, Losses.SquaredErrorWithLocalMean(uniform, target, 2, 3).item<float>(), 6);
        Assert.Equal(0.01f, Losses.SquaredErrorWithLocalMean(checker, target, 2, 3).item<float>(), 6);
    }

    [Fact]
    public void TheLocalMeanTermTakesTheWeightItIsGivenAndTenByDefault()
    {
        using var scope = NewDisposeScope();
        // A uniform error of 0.1 on a 4 x 4 image (smaller than a box: averaged whole, box mean 0.1): 0.01 + w x 0.01.
        var target = zeros(1, 1, 4, 4);
        var uniform = full([1, 1, 4, 4], 0.1f);
        Assert.Equal(0.05f, Losses.Compute(LossKind.MeanSquaredErrorWithLocalMean, uniform, target, 4).item<float>(), 6);
        Assert.Equal(0.01f, Losses.Compute(LossKind.MeanSquaredErrorWithLocalMean, uniform, target, 0).item<float>(), 6);
        Assert.Equal(0.11f, Losses.Compute(LossKind.MeanSquaredErrorWithLocalMean, uniform, target).item<float>(), 6);
        Assert.Equal(10, new TrainingHyperParameters().LocalMeanWeight);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingHyperParameters { LocalMeanWeight = -1 }.Validate());

        // The other losses ignore it.
        Assert.Equal(
            Losses.Compute(LossKind.MeanSquaredError, uniform, target).item<float>(),
            Losses.Compute(LossKind.MeanSquaredError, uniform, target, 4).item<float>());
    }

    [Fact]
    public void AMovedRegionCostsTheLocalMeanLossFarMoreThanZeroMeanNoiseOfTheSameEnergy()
    {
        using var scope = NewDisposeScope();
        // The shipped kind on 64 x 64 patches: the left half's level shifted by s (a moved region) against zero-mean
        // white noise of SD s everywhere (noise left behind): the same squared error, not the same loss.
        const float Shift = 0.01f;
        var target = zeros(1, 1, 64, 64);
        var moved = cat([full([1, 1, 64, 32], Shift), zeros(1, 1, 64, 32)], 3).mul(1.41421356f);
        using var generator = new Generator(5);
        var noisy = randn([1, 1, 64, 64], generator: generator).mul(Shift);
        var mse = nn.functional.mse_loss(moved, target).item<float>();
        Assert.Equal(nn.functional.mse_loss(noisy, target).item<float>(), mse, 1e-5);
        var movedLoss = Losses.Compute(LossKind.MeanSquaredErrorWithLocalMean, moved, target).item<float>();
        var noisyLoss = Losses.Compute(LossKind.MeanSquaredErrorWithLocalMean, noisy, target).item<float>();
        Assert.True(movedLoss > 4 * noisyLoss, $"moved region {movedLoss}, noise {noisyLoss}");
        Assert.True(noisyLoss < 1.2 * mse, $"noise {noisyLoss} against its squared error {mse}");
    }

    [Fact]
    public void ThePatchMeanTermAddsTheWeightedSquaredMeanErrorOfEachSample()
    {
        using var scope = NewDisposeScope();
        // Two 4 x 4 samples, boxes of 2 (stride 1), box weight 3: a uniform error of 0.1 in the first and a checkerboard
        // of ±0.1 in the second. Pixel term 0.01; box term 3 x (0.01 + 0) / 2 = 0.015; sample means 0.1 and 0, so the
        // patch term is w x (0.01 + 0) / 2. Without the weight (0, the default) the loss is the box loss alone.
        var target = zeros(2, 1, 4, 4);
        var checker = tensor(Enumerable.Range(0, 16).Select(i => (((i / 4) + (i % 4)) % 2 == 0) ? 0.1f : -0.1f).ToArray(), [1, 1, 4, 4]);
        var output = cat([full([1, 1, 4, 4], 0.1f), checker], 0);
        Assert.Equal(0.025f, Losses.SquaredErrorWithLocalMean(output, target, 2, 3).item<float>(), 6);
        Assert.Equal(0.025f + (20 * 0.005f), Losses.SquaredErrorWithLocalMean(output, target, 2, 3, 20).item<float>(), 6);
        Assert.Equal(0.025f + (20 * 0.005f), Losses.Compute(LossKind.MeanSquaredErrorWithLocalMean, output, target, 3, patchMeanWeight: 20).item<float>() - Losses.Compute(LossKind.MeanSquaredErrorWithLocalMean, output, target, 3).item<float>() + 0.025f, 6);
        Assert.Equal(0, new TrainingHyperParameters().PatchMeanWeight);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingHyperParameters { PatchMeanWeight = -1 }.Validate());
    }

    [Fact]
    public void ThePatchMeanTermPricesALevelShiftSharedByThePatchAndLeavesRegionalChangesThatCancelAlone()
    {
        using var scope = NewDisposeScope();
        // 64 x 64 patches at the shipped box weight (8): the whole patch 0.001 darker (a drift every region shares)
        // against the left half 0.001 darker and the right half 0.001 lighter (the same squared error and the same
        // box term away from the seam, no net shift). The patch term at 64 multiplies the drift's loss by about
        // (1 + 8 + 64) / (1 + 8) and leaves the cancelling pattern's loss as it was.
        const float Shift = 0.001f;
        var target = zeros(1, 1, 64, 64);
        var drift = full([1, 1, 64, 64], -Shift);
        var cancelling = cat([full([1, 1, 64, 32], -Shift), full([1, 1, 64, 32], Shift)], 3);
        float Loss(Tensor output, double patchMeanWeight) =>
            Losses.Compute(LossKind.MeanSquaredErrorWithLocalMean, output, target, 8, patchMeanWeight: patchMeanWeight).item<float>();
        Assert.Equal(73.0 / 9, Loss(drift, 64) / Loss(drift, 0), 3);
        Assert.Equal(Loss(cancelling, 0), Loss(cancelling, 64), 9);
    }

    [Fact]
    public void WithARangeThePatchMeanTermAveragesOnlyThePixelsWhoseTargetLiesInIt()
    {
        using var scope = NewDisposeScope();
        // A 4 x 4 patch, left half "air" (target 0, the output 0.1 too bright, as a clamped input leaves it) and right
        // half "tissue" (target 0.25, the output exact): over the whole patch the mean error is 0.05, over the tissue 0.
        // Tissue 0.02 darker instead: the tissue's mean error is −0.02 whatever the air does.
        var target = cat([zeros(1, 1, 4, 2), full([1, 1, 4, 2], 0.25f)], 3);
        var brightAir = cat([full([1, 1, 4, 2], 0.1f), full([1, 1, 4, 2], 0.25f)], 3);
        var darkTissue = cat([full([1, 1, 4, 2], 0.1f), full([1, 1, 4, 2], 0.23f)], 3);
        float Extra(Tensor output, (double, double)? range) =>
            Losses.SquaredErrorWithLocalMean(output, target, 2, 0, 10, range).item<float>() - Losses.SquaredErrorWithLocalMean(output, target, 2, 0).item<float>();
        Assert.Equal(10 * 0.05f * 0.05f, Extra(brightAir, null), 6);
        Assert.Equal(0f, Extra(brightAir, (0.2, 0.3)), 6);
        Assert.Equal(10 * 0.02f * 0.02f, Extra(darkTissue, (0.2, 0.3)), 6);
        // A patch with no pixel in the range adds nothing.
        Assert.Equal(0f, Extra(brightAir, (0.5, 0.6)), 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingHyperParameters { PatchMeanRange = (0.3, 0.2) }.Validate());
    }

    [Fact]
    public void SizeWeightedLossWeighsForegroundVoxelsByTheirTargetValue()
    {
        using var scope = NewDisposeScope();
        // Logits 0 (p = 0.5) on a foreground voxel of weight 3 and a background voxel: each cross entropy is ln 2, the
        // weighted mean (3 ln 2 + ln 2) / 2 = 2 ln 2; Dice (2 · 0.5 + 1) / (1 + 1 + 1) = 2/3 on the binarised target.
        var logits = zeros(1, 1, 1, 2);
        var weighted = Losses.Compute(LossKind.SizeWeightedDiceBinaryCrossEntropy, logits, tensor(new float[] { 3, 0 }, [1, 1, 1, 2])).item<float>();
        Assert.Equal((1f / 3) + (2 * MathF.Log(2)), weighted, 5);

        // Weight 1 everywhere is the plain Dice + cross entropy.
        var output = tensor(new float[] { 2, -1, 0.5f, -3 }, [1, 1, 2, 2]);
        var mask = tensor(new float[] { 1, 0, 1, 0 }, [1, 1, 2, 2]);
        Assert.Equal(
            Losses.Compute(LossKind.DiceBinaryCrossEntropy, output, mask).item<float>(),
            Losses.Compute(LossKind.SizeWeightedDiceBinaryCrossEntropy, output, mask).item<float>(),
            5);
    }

    [Fact]
    public void AMissedVoxelIsPulledInProportionToItsWeight()
    {
        using var scope = NewDisposeScope();
        // A foreground voxel scored at logit -8 (p = 0.0003) among background: the Dice term's gradient passes through
        // the sigmoid's slope (0.0003) and nearly vanishes; what is left is the cross entropy's (p - 1) / n, times the weight.
        var logits = tensor(new float[] { -8, -8, -8, -8 }, [1, 1, 2, 2]).requires_grad_();
        Losses.Compute(LossKind.SizeWeightedDiceBinaryCrossEntropy, logits, tensor(new float[] { 20, 0, 0, 0 }, [1, 1, 2, 2])).backward();
        var weightedPull = -logits.grad!.flatten()[0].item<float>();
        using var plain = tensor(new float[] { -8, -8, -8, -8 }, [1, 1, 2, 2]).requires_grad_();
        Losses.Compute(LossKind.DiceBinaryCrossEntropy, plain, tensor(new float[] { 1, 0, 0, 0 }, [1, 1, 2, 2])).backward();
        var plainPull = -plain.grad!.flatten()[0].item<float>();
        Assert.InRange(weightedPull, 4.99f, 5.01f);
        Assert.InRange(plainPull, 0.24f, 0.26f);
    }

    [Fact]
    public void TverskyMatchesTheHandWorkedIndexAtBothWeightings()
    {
        using var scope = NewDisposeScope();
        // Probabilities 0.8, 0.5, 0.2, 0 (logits) on truth 1, 1, 0, 0: TP 1.3, FP 0.2, FN 0.7.
        var probabilities = new[] { 0.8, 0.5, 0.2, 1e-9 };
        var logits = tensor(probabilities.Select(p => (float)Math.Log(p / (1 - p))).ToArray(), [1, 1, 1, 4]);
        var truth = tensor(new float[] { 1, 1, 0, 0 }, [1, 1, 1, 4]);
        var tversky = Losses.SoftTversky(logits, truth, 0.7).item<float>();
        Assert.Equal(1 - (2.3 / (1.3 + (0.7 * 0.2) + (0.3 * 0.7) + 1)), tversky, 4);
        // Equal weights: Dice's weighting (2TP / (2TP + FP + FN)), with the smoothing on TP + 1.
        Assert.Equal(1 - (2.3 / (1.3 + (0.5 * 0.2) + (0.5 * 0.7) + 1)), Losses.SoftTversky(logits, truth, 0.5).item<float>(), 4);
        var bce = nn.functional.binary_cross_entropy_with_logits(logits, truth).item<float>();
        Assert.Equal(tversky + bce, Losses.Compute(LossKind.TverskyBinaryCrossEntropy, logits, truth).item<float>(), 5);
    }

    [Fact]
    public void TverskyChargesAFalseVoxelMoreThanAMissedOne()
    {
        using var scope = NewDisposeScope();
        // Three true voxels found and a fourth, false one beside them; or three found and a fourth, true
        // one missed: Dice (and cross entropy) score the two alike, Tversky charges the false voxel more.
        var four = tensor(new float[] { 20, 20, 20, 20, -20, -20, -20, -20 }, [1, 1, 1, 8]);
        var three = tensor(new float[] { 20, 20, 20, -20, -20, -20, -20, -20 }, [1, 1, 1, 8]);
        var threeTrue = tensor(new float[] { 1, 1, 1, 0, 0, 0, 0, 0 }, [1, 1, 1, 8]);
        var fourTrue = tensor(new float[] { 1, 1, 1, 1, 0, 0, 0, 0 }, [1, 1, 1, 8]);
        Assert.Equal(Losses.SoftDice(four, threeTrue).item<float>(), Losses.SoftDice(three, fourTrue).item<float>(), 4);
        Assert.Equal(1 - (4 / 4.7), Losses.SoftTversky(four, threeTrue, 0.7).item<float>(), 4);
        Assert.Equal(1 - (4 / 4.3), Losses.SoftTversky(three, fourTrue, 0.7).item<float>(), 4);
        var falseCost = Losses.Compute(LossKind.TverskyBinaryCrossEntropy, four, threeTrue).item<float>();
        var missedCost = Losses.Compute(LossKind.TverskyBinaryCrossEntropy, three, fourTrue).item<float>();
        Assert.True(falseCost > missedCost + 0.05, $"false voxel {falseCost}, missed voxel {missedCost}");
    }

    [Fact]
    public void ComponentDiceWithoutMarkedComponentsIsThePlainLoss()
    {
        using var scope = NewDisposeScope();
        var output = tensor(new float[] { 2, -1, 0.5f, -3 }, [1, 1, 2, 2]);
        var mask = tensor(new float[] { 1, 0, 1, 0 }, [1, 1, 2, 2]);
        Assert.Equal(
            Losses.Compute(LossKind.DiceBinaryCrossEntropy, output, mask).item<float>(),
            Losses.Compute(LossKind.ComponentDiceBinaryCrossEntropy, output, mask).item<float>(),
            5);
    }

    [Fact]
    public void AMissedSmallComponentCostsAsMuchAsAMissedLargeOne()
    {
        using var scope = NewDisposeScope();
        // 100 voxels: a 30-voxel component (2) drawn at logit +10 and a 2-voxel one (3) missed at -10. In the patch's one Dice
        // the missed pair costs 2 of 62 foreground voxels (Dice loss ~0.03); per component it is (0 + 1) / (0 + 2 + 1) = 1/3 for the
        // small one and ~1 for the large one, so the added term is (2/3 + ~0) / 2 = ~1/3.
        var ids = new float[100];
        for (var i = 0; i < 30; i++)
        {
            ids[i] = 2;
        }

        ids[98] = 3;
        ids[99] = 3;
        var logits = tensor(ids.Select(v => v == 2 ? 10f : -10f).ToArray(), [1, 1, 10, 10]);
        var marked = tensor(ids, [1, 1, 10, 10]);
        var truth = marked.ge(0.5).to_type(ScalarType.Float32);
        var plain = Losses.Compute(LossKind.DiceBinaryCrossEntropy, logits, truth).item<float>();
        var component = Losses.Compute(LossKind.ComponentDiceBinaryCrossEntropy, logits, marked).item<float>();
        var patchDice = Losses.SoftDice(logits, truth).item<float>();
        Assert.True(patchDice < 0.05, $"the patch's Dice term {patchDice}");
        Assert.Equal(1f / 3, component - plain, 2);

        // Drawing the small one too leaves nothing to add.
        var both = tensor(ids.Select(v => v >= 2 ? 10f : -10f).ToArray(), [1, 1, 10, 10]);
        Assert.Equal(
            Losses.Compute(LossKind.DiceBinaryCrossEntropy, both, marked.ge(0.5).to_type(ScalarType.Float32)).item<float>(),
            Losses.Compute(LossKind.ComponentDiceBinaryCrossEntropy, both, marked).item<float>(),
            3);
    }

    [Fact]
    public void TheRecallTermPullsAMissedComponentWhereDiceNoLongerDoes()
    {
        using var scope = NewDisposeScope();
        // Voxel 0 is a one-voxel component (2) scored at logit -8 (p = 0.0003) among three background voxels at -8.
        var target = tensor(new float[] { 2, 0, 0, 0 }, [1, 1, 2, 2]);
        float Pull(double recallWeight)
        {
            var logits = tensor(new float[] { -8, -8, -8, -8 }, [1, 1, 2, 2]).requires_grad_();
            Losses.Compute(LossKind.ComponentDiceBinaryCrossEntropy, logits, target, componentRecallWeight: recallWeight).backward();
            return -logits.grad!.flatten()[0].item<float>();
        }

        // Dice terms pull through the sigmoid's slope (~0.0003), the plain cross entropy by (1 - p) / 4; the component's own
        // cross entropy adds (1 - p) / 1, whatever the patch's size.
        var dice = Pull(0);
        Assert.True(dice < 0.26f, $"dice pull {dice}");
        Assert.Equal(1f, Pull(1) - dice, 2);
        Assert.Equal(0.1f, Pull(0.1) - dice, 2);
        // The weight reaches the loss through the trainer's hyper-parameters only for this loss: others ignore it.
        var plain = tensor(new float[] { -8, -8, -8, -8 }, [1, 1, 2, 2]);
        Assert.Equal(
            Losses.Compute(LossKind.DiceBinaryCrossEntropy, plain, target.ge(0.5).to_type(ScalarType.Float32)).item<float>(),
            Losses.Compute(LossKind.DiceBinaryCrossEntropy, plain, target.ge(0.5).to_type(ScalarType.Float32), componentRecallWeight: 1).item<float>());
    }

    [Fact]
    public void TheFocalTermMatchesTheHandWorkedSumOverTheForeground()
    {
        using var scope = NewDisposeScope();
        // Foreground voxel at logit 0 (p 0.5): 0.25 · 0.5² · ln 2; background voxel at logit 0: 0.75 · 0.5² · ln 2; background
        // at logit −ln 3 (p 0.25): 0.75 · 0.25² · ln(4/3); foreground at ln 3 (p 0.75): 0.25 · 0.25² · ln(4/3). Two foreground voxels.
        var ln3 = (float)Math.Log(3);
        var logits = tensor(new float[] { 0, 0, -ln3, ln3 }, [1, 1, 2, 2]);
        var target = tensor(new float[] { 1, 0, 0, 1 }, [1, 1, 2, 2]);
        var expected = ((0.25 * 0.25 * Math.Log(2)) + (0.75 * 0.25 * Math.Log(2)) + (0.75 * 0.0625 * Math.Log(4.0 / 3)) + (0.25 * 0.0625 * Math.Log(4.0 / 3))) / 2;
        Assert.Equal(expected, Losses.Focal(logits, target).item<float>(), 5);
        Assert.Equal(
            Losses.SoftDice(logits, target).item<float>() + expected,
            Losses.Compute(LossKind.FocalDiceBinaryCrossEntropy, logits, target).item<float>(),
            5);
    }

    [Fact]
    public void UnderTheFocalTermAMissedSmallLesionLeadsTheEasyBackground()
    {
        using var scope = NewDisposeScope();
        // One lesion voxel scored at logit −6 (p 0.0025) among 9,999 background voxels at −6. Under the mean cross entropy the
        // background's summed pull on its logits (9,999 · 0.0025 / N) is about 25 times the lesion's ((1 − p) / N); under the
        // focal term each easy background voxel's pull falls to about 2.25 p³ and the lesion's (about α = 0.25) leads, ~700 to 1.
        var target = zeros(1, 1, 100, 100);
        target[0, 0, 50, 50] = tensor(1f);
        (float Lesion, float Background) Pulls(Func<Tensor, Tensor> loss)
        {
            var logits = full(1, 1, 100, 100, -6f).requires_grad_();
            loss(logits).backward();
            var grad = logits.grad!;
            var lesion = -grad[0, 0, 50, 50].item<float>();
            return (lesion, grad.sum().item<float>() + lesion);
        }

        var plain = Pulls(l => nn.functional.binary_cross_entropy_with_logits(l, target));
        var focal = Pulls(l => Losses.Focal(l, target));
        Assert.True(plain.Background > 10 * plain.Lesion, $"cross entropy: background {plain.Background}, lesion {plain.Lesion}");
        Assert.True(focal.Lesion > 100 * focal.Background, $"focal: background {focal.Background}, lesion {focal.Lesion}");

        // A false positive is a hard voxel: one background voxel at logit +6 adds about 0.75 · 6 = 4.5, where all 9,999 easy
        // background voxels together cost about 0.0001.
        var clean = full(1, 1, 100, 100, -6f);
        var withFalse = full(1, 1, 100, 100, -6f);
        withFalse[0, 0, 10, 10] = tensor(6f);
        Assert.InRange(Losses.Focal(withFalse, target).item<float>() - Losses.Focal(clean, target).item<float>(), 4.3f, 4.6f);
    }

    [Fact]
    public void TheShellTermPricesTheBackgroundAroundAComponentAndNothingFarther()
    {
        using var scope = NewDisposeScope();
        // A 12×12 patch with a one-pixel component (2) at (6, 6), drawn at logit +6. "Broad": the 7×7 block around it (within
        // Losses.ShellRadius) also at +6; "far": a corner block at +6, 4 or more pixels from it.
        var ids = new float[144];
        ids[(6 * 12) + 6] = 2;
        var target = tensor(ids, [1, 1, 12, 12]);
        Tensor Logits(Func<int, int, bool> marked) => tensor(Enumerable.Range(0, 144).Select(i => marked(i / 12, i % 12) ? 6f : -6f).ToArray(), [1, 1, 12, 12]);
        var tight = Logits((r, c) => r == 6 && c == 6);
        var broad = Logits((r, c) => Math.Abs(r - 6) <= 3 && Math.Abs(c - 6) <= 3);
        var far = Logits((r, c) => (r == 6 && c == 6) || (r < 7 && c < 7 && (r < 3 || c < 3)) || (r < 2 && c < 9));
        float Loss(Tensor logits, double shell) => Losses.Compute(LossKind.ComponentDiceBinaryCrossEntropy, logits, target, componentRecallWeight: 1, componentShellWeight: shell).item<float>();

        // Off, the term adds nothing; on, a tight drawing costs almost nothing more (its shell at p = 0.0025).
        Assert.Equal(Losses.Compute(LossKind.ComponentDiceBinaryCrossEntropy, tight, target, componentRecallWeight: 1).item<float>(), Loss(tight, 0), 5);
        Assert.InRange(Loss(tight, 1) - Loss(tight, 0), 0, 0.01);

        // The broad drawing's shell is all at p = 0.9975: −log(1 − p) ≈ 6 per unit of weight.
        Assert.Equal(6.0, Loss(broad, 1) - Loss(broad, 0), 1);
        Assert.Equal(3.0, Loss(broad, 0.5) - Loss(broad, 0), 1);

        // Marking far from the component leaves its shell alone: only the shell's own pixels are read.
        Assert.InRange(Loss(far, 1) - Loss(far, 0), 0, 0.01);
        Assert.True(Loss(far, 0) > Loss(tight, 0), "the far marks still cost the patch's own terms");
    }
}
