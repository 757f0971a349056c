using TorchSharp;
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
/// <remarks>
/// In eval mode the banks run as one matrix product: every token's window of the widest width
/// (tokens × dimensions unfolded) times all banks' filters, each centred in that window with zeros
/// around it. The same sums as the five convolutions (to float rounding), in one large GEMM instead of
/// five convolutions over a single input channel, which libtorch runs several times slower on the CPU.
/// Training keeps the convolutions.
/// </remarks>
internal sealed class ParallelConvolutions : Module<Tensor, Tensor>
{
    private readonly ModuleList<Conv2d> banks;
    private readonly int[] widths;
    private readonly int dimensions;

    public ParallelConvolutions(int dimensions, IReadOnlyList<int> widths, int filters)
        : base(nameof(ParallelConvolutions))
    {
        if (widths.Any(w => w % 2 == 0))
        {
            throw new ArgumentException("filter widths must be odd so that every bank keeps one position per token", nameof(widths));
        }

        this.widths = [.. widths];
        this.dimensions = dimensions;
        banks = new ModuleList<Conv2d>([.. widths.Select(w => Conv2d(1, filters, (w, dimensions), padding: (w / 2, 0)))]);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        if (!training)
        {
            return Unfolded(input).MoveToOuterDisposeScope();
        }

        var outputs = banks.Select(bank => functional.relu(bank.call(input))).ToList();
        return cat(outputs, 1).MoveToOuterDisposeScope();
    }

    private Tensor Unfolded(Tensor input)
    {
        var widest = widths.Max();
        var half = widest / 2;
        Tensor weight;
        Tensor bias;
        using (no_grad())
        {
            // [widest × dims, all filters]: each bank's kernel [filters, 1, w, dims] centred in the window.
            var parts = banks.Select((bank, b) =>
            {
                var pad = (widest - widths[b]) / 2;
                var kernel = bank.weight!.squeeze(1);
                return functional.pad(kernel, [0, 0, pad, pad]).reshape(kernel.shape[0], widest * dimensions);
            }).ToList();
            weight = cat(parts, 0).t().contiguous();
            bias = cat(banks.Select(bank => (Tensor)bank.bias!).ToList(), 0);
        }

        var batch = input.shape[0];
        var tokens = input.shape[2];
        var padded = functional.pad(input.squeeze(1), [0, 0, half, half]);
        var windows = padded.unfold(1, widest, 1).transpose(2, 3).reshape(batch * tokens, widest * dimensions);
        var output = functional.relu(torch.addmm(bias, windows, weight, 1, 1));
        return output.reshape(batch, tokens, -1).permute(0, 2, 1).unsqueeze(3);
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
