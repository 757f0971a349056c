using RadCnn.Abstractions.Tensors;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Inference;

/// <summary>
/// A single-segment head's logits moved so that 0 is the plugin's decision threshold: logit − logit(t). The engine's
/// FGSM probe reads a single-channel segmentation's mask as logit &gt; 0 (probability 0.5) and attacks that mask's
/// boundary; where the plugin reports the voxels at probability ≥ t, the probe of the raw logits measures a mask it
/// never reports. Through this head the probe's attack and its Dice agreement are those of the reported cut. Only for
/// the probe's registrations: the same logits moved would change the probabilities inference reads.
/// </summary>
internal sealed class DecisionCentredLogits : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly double offset;

    public DecisionCentredLogits(nn.Module<Tensor, Tensor> head, double decisionThreshold)
        : base(nameof(DecisionCentredLogits))
    {
        ArgumentNullException.ThrowIfNull(head);
        if (!(decisionThreshold > 0 && decisionThreshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(decisionThreshold), decisionThreshold, "a probability threshold lies in (0, 1)");
        }

        this.head = head;
        offset = Math.Log(decisionThreshold / (1 - decisionThreshold));
        DecisionThreshold = decisionThreshold;
        RegisterComponents();
    }

    /// <summary>The probability the moved logits put at 0.</summary>
    public double DecisionThreshold { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var logits = head.call(input);
        // A kept Scalar: one per threshold, never finalised while libtorch reads it.
        return (offset == 0 ? logits : logits.sub(KeptScalars.Of(offset))).MoveToOuterDisposeScope();
    }
}
