using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RadCnn.Plugins.ReportNlp.Models;

/// <summary>
/// Kim's text CNN layer as a 2D convolution over the tokens × dimensions matrix: one bank of filters
/// per width, each filter spanning <c>width</c> words and every embedding dimension, padded so every
/// bank keeps one position per token. Output [batch, banks × filters, tokens, 1] after ReLU; it is the
/// layer Grad-CAM reads to say which words drove the decision.
/// </summary>
internal sealed class ParallelConvolutions : Module<Tensor, Tensor>
{
    private readonly ModuleList<Conv2d> banks;

    public ParallelConvolutions(int dimensions, IReadOnlyList<int> widths, int filters)
        : base(nameof(ParallelConvolutions))
    {
        if (widths.Any(w => w % 2 == 0))
        {
            throw new ArgumentException("filter widths must be odd so that every bank keeps one position per token", nameof(widths));
        }

        banks = new ModuleList<Conv2d>([.. widths.Select(w => Conv2d(1, filters, (w, dimensions), padding: (w / 2, 0)))]);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var outputs = banks.Select(bank => functional.relu(bank.call(input))).ToList();
        return cat(outputs, 1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            banks.Dispose();
        }

        base.Dispose(disposing);
    }
}
