using RadCnn.Abstractions.Tensors;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.Classification.Models;

/// <summary>
/// The decision the plugin reports, as one network the engine can probe: both classifiers on their own inputs
/// (the 3D patch and the 2D views, flattened and concatenated into one sample), their probabilities averaged and
/// thresholded as <see cref="NoduleReading.CallOf"/> does, and three logits whose argmax is that call
/// (0 not reported, 1 benign, 2 malignant).
/// <para>
/// Why: the engine's FGSM probe attacks a model's argmax, and the 3D model's argmax is not what a reader is told.
/// The call rests on the mean of both models at the validation thresholds. The 2D views and the 3D patch are resampled
/// from the volume differently, so no single differentiable input feeds both; instead the engine attacks the
/// concatenation, i.e. each model's own input with the sign of its own part of the one gradient of the call, at the same
/// epsilon in the same 0..1 window units (28 HU at 0.02). That threat contains every L∞ perturbation of the volume
/// itself (the patches are interpolations of the volume, and the window is 1-Lipschitz, so a volume change of at most
/// ε changes each patch value by at most ε), but the two inputs need not be consistent with one volume: the attack is
/// at least as strong as a joint attack on the scan, and the probe reports no fewer flips than one would.
/// </para>
/// <para>
/// The logits: with s_n = logit P(nodule) − logit(nodule threshold) and s_m = logit P(malignant | nodule) −
/// logit(malignancy threshold), both from the averaged probabilities computed in log space (no saturation where a
/// model is sure), the logits are [0, min(s_n, −s_m), min(s_n, s_m)]: the call is reported when s_n ≥ 0 and malignant
/// when s_m ≥ 0 as well. The one tie this breaks differently (s_n exactly 0) has measure zero. With
/// <see cref="DecisionObjective.Nodule"/> or <see cref="DecisionObjective.Malignancy"/> the logits are [0, s_n] or
/// [0, s_m]: one boundary, attacked along its own gradient (see <see cref="DecisionRobustness"/>).
/// </para>
/// </summary>
internal sealed class ReportedDecisionNet : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> model3d;
    private readonly Module<Tensor, Tensor> model2d;
    private readonly long[] shape3d;
    private readonly long[] shape2d;
    private readonly long length3d;
    private readonly long length2d;
    private readonly double noduleLogit;
    private readonly double malignancyLogit;
    private readonly DecisionObjective objective;
    private readonly AttackedInput attacked;

    public ReportedDecisionNet(Module<Tensor, Tensor> model3d, IReadOnlyList<long> shape3d, Module<Tensor, Tensor> model2d, IReadOnlyList<long> shape2d, double noduleThreshold, double malignancyThreshold, DecisionObjective objective = DecisionObjective.Call, AttackedInput attacked = AttackedInput.Both)
        : base(nameof(ReportedDecisionNet))
    {
        this.objective = objective;
        this.attacked = attacked;
        this.model3d = model3d;
        this.model2d = model2d;
        this.shape3d = [.. shape3d];
        this.shape2d = [.. shape2d];
        length3d = shape3d.Aggregate(1L, (a, b) => a * b);
        length2d = shape2d.Aggregate(1L, (a, b) => a * b);
        noduleLogit = Logit(noduleThreshold);
        malignancyLogit = Logit(malignancyThreshold);
        RegisterComponents();
    }

    /// <summary>One sample's length: the 3D input's values, then the 2D input's.</summary>
    public static long InputLength(IReadOnlyList<long> shape3d, IReadOnlyList<long> shape2d) =>
        shape3d.Aggregate(1L, (a, b) => a * b) + shape2d.Aggregate(1L, (a, b) => a * b);

    /// <summary>One sample: the 3D input's values followed by the 2D input's (as the engine gets them, without a batch dimension).</summary>
    public static float[] Input(float[] input3d, float[] input2d) => [.. input3d, .. input2d];

    public override Tensor forward(Tensor input)
    {
        // The intermediates are freed here; the autograd graph keeps what the probe's backward pass needs.
        using var scope = NewDisposeScope();
        var batch = input.shape[0];
        var x3 = input.narrow(1, 0, length3d).reshape([batch, .. shape3d]);
        var x2 = input.narrow(1, length3d, length2d).reshape([batch, .. shape2d]);
        // A part cut from the graph gets a zero gradient, whose sign leaves it clean under the probe's step.
        x3 = attacked == AttackedInput.Only2d ? x3.detach() : x3;
        x2 = attacked == AttackedInput.Only3d ? x2.detach() : x2;
        var log3 = functional.log_softmax(model3d.call(x3), 1);
        var log2 = functional.log_softmax(model2d.call(x2), 1);
        // log of the summed probability of each class over the two models (the mean's factor 1/2 cancels in every ratio below)
        var summed = stack([log3, log2], 2).logsumexp(2);
        var noduleOdds = summed.narrow(1, 1, 2).logsumexp(1).Plus(summed.select(1, 0).neg());
        var malignancyOdds = summed.select(1, 2).Plus(summed.select(1, 1).neg());
        var nodule = noduleOdds.Plus(-noduleLogit);
        var malignancy = malignancyOdds.Plus(-malignancyLogit);
        var logits = objective switch
        {
            DecisionObjective.Nodule => stack([zeros_like(nodule), nodule], 1),
            DecisionObjective.Malignancy => stack([zeros_like(malignancy), malignancy], 1),
            _ => stack([zeros_like(nodule), minimum(nodule, malignancy.neg()), minimum(nodule, malignancy)], 1),
        };
        return logits.MoveToOuterDisposeScope();
    }

    private static double Logit(double p)
    {
        var q = Math.Clamp(p, 1e-7, 1 - 1e-7);
        return Math.Log(q / (1 - q));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            model3d.Dispose();
            model2d.Dispose();
        }

        base.Dispose(disposing);
    }
}
