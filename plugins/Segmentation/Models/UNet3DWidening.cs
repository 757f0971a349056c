using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Models;

/// <summary>
/// Puts a trained 3D U-Net into one with more channels per level so that the wider network computes exactly the
/// same logits (in evaluation mode) and can fine-tune from there instead of from scratch. Every old channel keeps
/// its index in the first part of its level and its weights; the new channels keep their fresh initialisation on
/// their inputs, and their weights into the old channels (and into the head) are zero, so they add nothing until
/// training moves them. The gradient on those zero weights is not zero (the new channels are active), so they
/// learn. Where a decoder reads the concatenation [upsampled, skip], the old skip channels move to the start of
/// the wider skip half.
/// </summary>
internal static class UNet3DWidening
{
    /// <summary>Copies <paramref name="narrow"/> into <paramref name="wide"/> (same depth, a multiple of its channels).</summary>
    public static void Widen(UNet3D narrow, UNet3D wide)
    {
        ArgumentNullException.ThrowIfNull(narrow);
        ArgumentNullException.ThrowIfNull(wide);
        var from = narrow.state_dict();
        var to = wide.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, target) in to)
        {
            var source = from[name];
            if (source.shape.SequenceEqual(target.shape))
            {
                target.copy_(source);
                continue;
            }

            if (source.dim() == 1)
            {
                // Batch-norm parameters and statistics, biases: the old channels first.
                using var head = target.narrow(0, 0, source.shape[0]);
                head.copy_(source);
                continue;
            }

            // Conv3d weights are [out, in, k, k, k]; the transposed convolutions' (up*) [in, out, k, k, k].
            var transposed = name.StartsWith("up", StringComparison.Ordinal);
            var outDim = transposed ? 1 : 0;
            var inDim = transposed ? 0 : 1;
            var concatenated = name.StartsWith("dec", StringComparison.Ordinal) && name.Contains(".conv0.", StringComparison.Ordinal);
            using var oldOutputs = target.narrow(outDim, 0, source.shape[outDim]);
            if (source.shape[inDim] != target.shape[inDim])
            {
                oldOutputs.zero_();
            }

            if (concatenated && source.shape[inDim] != target.shape[inDim])
            {
                var half = source.shape[inDim] / 2;
                var wideHalf = target.shape[inDim] / 2;
                using var upsampled = oldOutputs.narrow(inDim, 0, half);
                using var skip = oldOutputs.narrow(inDim, wideHalf, half);
                using var sourceUpsampled = source.narrow(inDim, 0, half);
                using var sourceSkip = source.narrow(inDim, half, half);
                upsampled.copy_(sourceUpsampled);
                skip.copy_(sourceSkip);
            }
            else
            {
                using var oldInputs = oldOutputs.narrow(inDim, 0, source.shape[inDim]);
                oldInputs.copy_(source);
            }
        }
    }
}
