using static TorchSharp.torch;

namespace RadCnn.Abstractions.Tensors;

/// <summary>
/// The channels-last memory layout (NHWC, NDHWC) for feature maps, which TorchSharp 0.107 has no
/// <c>memory_format</c> argument for. libtorch's CPU convolutions (oneDNN) work in that layout natively;
/// handed the default layout (NCHW) they reorder every input and output, which on a 16-channel 512 × 512
/// map costs about as much as the arithmetic. A 2D convolution, pooling, concatenation or element-wise
/// operation given a channels-last tensor returns one, so a 2D network converts once, after its first
/// convolution (a one-channel input is both layouts at once and does not propagate it), and keeps the
/// layout to its end. libtorch's 3D convolutions on the CPU take a channels-last input but return the default
/// layout, so a 3D network converts before each convolution it wants run that way. Shapes, values and
/// gradients are those of the default layout; only the strides differ.
/// </summary>
public static class ChannelsLast
{
    /// <summary>
    /// <paramref name="features"/> (N, C, H, W) or (N, C, D, H, W) in channels-last layout: the same tensor when it
    /// already is, else one copy. Other ranks are returned as they are.
    /// </summary>
    public static Tensor Of(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return features.dim() switch
        {
            4 => features.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2),
            5 => features.permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3),
            _ => features,
        };
    }

    /// <summary>Whether <paramref name="features"/> (rank 4 or 5) is laid out channels-last: its channel stride is 1.</summary>
    public static bool Is(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return features.dim() is 4 or 5 && features.stride(1) == 1 && features.shape[1] > 1;
    }
}
