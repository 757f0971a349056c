using RadCnn.Abstractions.Tensors;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Models;

/// <summary>
/// What the engine runs for one slice or tile: the first network's output, or a weighted mean of two networks' outputs
/// (<c>share · first + (1 − share) · second</c>), then optionally the light total-variation step. One module, so that the
/// engine batches it as one network and its FGSM probe attacks the whole path the plugin reports, not the first network
/// alone.
/// </summary>
internal sealed class DenoiserBlend : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> first;
    private readonly nn.Module<Tensor, Tensor>? second;
    private readonly TotalVariationRefinement? refinement;
    private readonly double share;

    public DenoiserBlend(nn.Module<Tensor, Tensor> first, nn.Module<Tensor, Tensor>? second, double share, TotalVariationRefinement? refinement)
        : base("DenoiserBlend")
    {
        if (second is not null && !(share is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "the first network's share of a blend must lie between 0 and 1");
        }

        this.first = first;
        this.second = second;
        this.share = second is null ? 1 : share;
        this.refinement = refinement;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = first.call(input);
        if (second is not null)
        {
            output = output.Times(share).Plus(second.call(input).Times(1 - share));
        }

        if (refinement is not null)
        {
            output = refinement.call(output);
        }

        return output.MoveToOuterDisposeScope();
    }
}
