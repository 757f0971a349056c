using RadCnn.Abstractions.Tensors;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Models;

/// <summary>
/// Scanner variation from inside the model, because the shared trainer hands a model only images and
/// its augmentations know nothing of CT: in training mode each sample gets its own acquisition: a blur
/// of random strength (sharper or smoother kernels), noise of random level that is white or spatially
/// correlated (reconstruction kernels correlate it), and a small shift of the HU level. The models are
/// trained on one phantom generator only; this is what lets them meet scanners that blur more, correlate
/// their noise and set the lung level differently (the alternate generator is one) without seeing them.
/// Evaluation and inference never jitter.
/// </summary>
internal static class AcquisitionJitter
{
    /// <summary>Largest noise standard deviation, in normalised input units (0.03 ≈ 42 HU in the 1400 HU window).</summary>
    public const double MaxNoise = 0.03;

    /// <summary>Largest level shift, in normalised input units (0.03 ≈ 42 HU).</summary>
    public const double MaxShift = 0.03;

    /// <summary>
    /// <paramref name="input"/> is [batch, channels, ...spatial] with 2 or 3 spatial dimensions; each
    /// channel (a scale or a view) is blurred and given noise on its own grid.
    /// </summary>
    public static Tensor Apply(Tensor input)
    {
        var spatial = (int)input.dim() - 2;
        if (spatial is not (2 or 3))
        {
            throw new ArgumentException("expected [batch, channels, H, W] or [batch, channels, D, H, W]", nameof(input));
        }

        var x = input.detach();
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.shape[0];

        // Blur: a random share of the 3-voxel box mean, on half of the samples.
        var blurred = Smooth(x, spatial);
        var blurWeight = rand(shape, device: x.device) * rand(shape, device: x.device).lt(KeptScalars.Of(0.5)).to(ScalarType.Float32);
        x = x.Plus(blurWeight * (blurred - x));

        // Noise: white or correlated (a box mean of white noise, scaled back to unit variance).
        var white = randn_like(x);
        var correlated = Smooth(white, spatial).Times(Math.Sqrt(Math.Pow(3, spatial)));
        var useCorrelated = rand(shape, device: x.device).lt(KeptScalars.Of(0.5)).to(ScalarType.Float32);
        var noise = white.Plus(useCorrelated * (correlated - white));
        var sigma = rand(shape, device: x.device).Times(MaxNoise);
        x = x.Plus(sigma * noise);

        // Level: lungs and soft tissue a few tens of HU higher or lower.
        var shift = rand(shape, device: x.device).Times(2).sub(KeptScalars.One).Times(MaxShift);
        return x.Plus(shift).clamp(KeptScalars.Of(0L), KeptScalars.Of(1L)).detach();
    }

    private static Tensor Smooth(Tensor x, int spatial) => spatial == 3
        ? nn.functional.avg_pool3d(x, [3, 3, 3], [1, 1, 1], [1, 1, 1], count_include_pad: false)
        : nn.functional.avg_pool2d(x, 3, stride: 1, padding: 1, count_include_pad: false);
}
