using System.Numerics;
using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Models;

/// <summary>
/// A light total-variation step after the network: Chambolle's projection algorithm for the Rudin-Osher-Fatemi problem on
/// the last two axes, as scikit-image's <c>denoise_tv_chambolle</c> computes it (same weight scale: the network's
/// 0..1 window, same forward differences and step 1/4), but for a fixed number of iterations instead of a stopping
/// rule, so that the output is a deterministic, differentiable function of the input and the engine's FGSM probe attacks
/// the network and this step together. The networks leave a few HU of fine-grained noise in flat regions that a weak
/// total variation takes out (measured: plugin README, "Plugin 1.5.0: a light total-variation step after the network").
/// </summary>
internal sealed class TotalVariationRefinement : nn.Module<Tensor, Tensor>
{
    /// <summary>Under the square root of the gradient's magnitude, so that its derivative stays finite where the image is flat.</summary>
    private const double FlatGuard = 1e-16;

    private const double Step = 0.25;

    private readonly double scale;

    public TotalVariationRefinement(double weight, int iterations)
        : base("TotalVariationRefinement")
    {
        if (!(weight > 0) || double.IsInfinity(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "the total-variation weight must be positive");
        }

        if (iterations is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "from 1 to 1000 iterations");
        }

        Weight = weight;
        Iterations = iterations;
        scale = Step / weight;
    }

    public double Weight { get; }

    public int Iterations { get; }

    public override Tensor forward(Tensor input)
    {
        if (!is_grad_enabled() && input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32 && input.dim() >= 2)
        {
            return FusedOnCpu(input);
        }

        using var scope = NewDisposeScope();
        // The dual field p (one component per axis) after each iteration; the output is the input plus the divergence of
        // the field of the last iteration begun, as scikit-image returns it.
        var rows = zeros_like(input);
        var columns = zeros_like(input);
        var output = input;
        for (var i = 0; i < Iterations; i++)
        {
            if (i > 0)
            {
                output = input.Plus(Divergence(rows, columns));
            }

            if (i == Iterations - 1)
            {
                break;
            }

            var alongRows = nn.functional.pad(Tail(output, -2).sub(Head(output, -2)), [0, 0, 0, 1]);
            var alongColumns = nn.functional.pad(Tail(output, -1).sub(Head(output, -1)), [0, 1, 0, 0]);
            var norm = alongRows.square().Plus(alongColumns.square()).Plus(FlatGuard).sqrt().mul(KeptScalars.Of(scale)).Plus(1.0);
            rows = rows.sub(alongRows.mul(KeptScalars.Of(Step))).div(norm);
            columns = columns.sub(alongColumns.mul(KeptScalars.Of(Step))).div(norm);
        }

        return output.MoveToOuterDisposeScope();
    }

    // Without gradients on the CPU (every slice the plugin denoises; the probe's attack needs the tensor path above): the same
    // iterations in two passes over plain arrays per iteration instead of some twenty tensor operations, each a pass of its own
    // over the slice (measured: bench/denoising/run tv-timing).
    private Tensor FusedOnCpu(Tensor input)
    {
        var rows = (int)input.shape[^2];
        var columns = (int)input.shape[^1];
        var plane = rows * columns;
        using var contiguous = input.contiguous();
        var values = contiguous.data<float>().ToArray();
        var output = new float[values.Length];
        var alongRows = new float[plane];
        var alongColumns = new float[plane];
        // Bands of rows run in parallel: each pass reads only what the previous pass wrote.
        var bands = Math.Max(1, Math.Min(Environment.ProcessorCount, rows / 32));
        var bandRows = (rows + bands - 1) / bands;
        void EachRow(Action<int> row) => Parallel.For(0, bands, band =>
        {
            for (var r = band * bandRows; r < Math.Min(rows, (band + 1) * bandRows); r++)
            {
                row(r);
            }
        });

        for (var start = 0; start < values.Length; start += plane)
        {
            var offset = start;
            Array.Clear(alongRows);
            Array.Clear(alongColumns);
            Array.Copy(values, offset, output, offset, plane);
            for (var i = 0; i < Iterations; i++)
            {
                if (i > 0)
                {
                    EachRow(r => OutputRow(values.AsSpan(offset + (r * columns), columns), output.AsSpan(offset + (r * columns), columns), alongRows, alongColumns, r, columns));
                }

                if (i == Iterations - 1)
                {
                    break;
                }

                EachRow(r => FieldRow(output.AsSpan(offset, plane), alongRows.AsSpan(r * columns, columns), alongColumns.AsSpan(r * columns, columns), r, rows, columns));
            }
        }

        return tensor(output, input.shape);
    }

    // One row of the output: the input plus the divergence of the dual field (vectorised over the columns; the first column,
    // which has no left neighbour, and the tail shorter than a vector one by one).
    private static void OutputRow(ReadOnlySpan<float> image, Span<float> result, float[] alongRows, float[] alongColumns, int r, int columns)
    {
        var pr = alongRows.AsSpan(r * columns, columns);
        var pc = alongColumns.AsSpan(r * columns, columns);
        var above = r > 0 ? alongRows.AsSpan((r - 1) * columns, columns) : new Span<float>(new float[columns]);
        result[0] = image[0] + (above[0] - pr[0] - pc[0]);
        var width = Vector<float>.Count;
        var c = 1;
        for (; c + width <= columns; c += width)
        {
            var divergence = new Vector<float>(above[c..]) - new Vector<float>(pr[c..]) - new Vector<float>(pc[c..]) + new Vector<float>(pc[(c - 1)..]);
            (new Vector<float>(image[c..]) + divergence).CopyTo(result[c..]);
        }

        for (; c < columns; c++)
        {
            result[c] = image[c] + (above[c] - pr[c] - pc[c] + pc[c - 1]);
        }
    }

    // One row of the dual field's update from the output's forward differences (zero past the last row and column),
    // vectorised over the columns but the last.
    private void FieldRow(ReadOnlySpan<float> result, Span<float> pr, Span<float> pc, int r, int rows, int columns)
    {
        var step = (float)Step;
        var scaleF = (float)scale;
        var guard = (float)FlatGuard;
        var here = result.Slice(r * columns, columns);
        var below = r < rows - 1 ? result.Slice((r + 1) * columns, columns) : here;
        var width = Vector<float>.Count;
        var c = 0;
        for (; c + width < columns; c += width)
        {
            var centre = new Vector<float>(here[c..]);
            var down = new Vector<float>(below[c..]) - centre;
            var right = new Vector<float>(here[(c + 1)..]) - centre;
            var norm = (Vector.SquareRoot((down * down) + (right * right) + new Vector<float>(guard)) * scaleF) + Vector<float>.One;
            ((new Vector<float>(pr[c..]) - (down * step)) / norm).CopyTo(pr[c..]);
            ((new Vector<float>(pc[c..]) - (right * step)) / norm).CopyTo(pc[c..]);
        }

        for (; c < columns; c++)
        {
            var down = below[c] - here[c];
            var right = c < columns - 1 ? here[c + 1] - here[c] : 0f;
            var norm = (MathF.Sqrt((down * down) + (right * right) + guard) * scaleF) + 1f;
            pr[c] = (pr[c] - (down * step)) / norm;
            pc[c] = (pc[c] - (right * step)) / norm;
        }
    }

    // All but the last / all but the first entry along an axis counted from the end (-2 rows, -1 columns).
    private static Tensor Head(Tensor t, int axis) => t.narrow(t.dim() + axis, 0, t.shape[t.dim() + axis] - 1);

    private static Tensor Tail(Tensor t, int axis) => t.narrow(t.dim() + axis, 1, t.shape[t.dim() + axis] - 1);

    // The negative adjoint of the forward differences above: −(p_r + p_c) plus each component shifted one step along its axis.
    private static Tensor Divergence(Tensor rows, Tensor columns) =>
        nn.functional.pad(Head(rows, -2), [0, 0, 1, 0]).sub(rows)
            .Plus(nn.functional.pad(Head(columns, -1), [1, 0, 0, 0])).sub(columns);
}
