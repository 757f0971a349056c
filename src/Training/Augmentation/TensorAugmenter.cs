using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Augmentation;

/// <summary>
/// Applies <see cref="AugmentationOptions"/> to a batch of tensors. Every random draw comes from the
/// <see cref="Random"/> passed in (seeded by the trainer per epoch), so a run is reproducible and a
/// resumed run draws the same transformations as an uninterrupted one. Geometry is one affine warp per
/// sample (flip, rotation, crop and shift together), applied with the same parameters to a dense target.
/// </summary>
internal static class TensorAugmenter
{
    /// <param name="images">[batch, channels, height, width].</param>
    /// <param name="targets">[batch, 1, height, width] mask or image target, or null.</param>
    /// <param name="targetIsMask">Masks are warped with nearest sampling so labels stay 0/1.</param>
    /// <param name="options">What to apply.</param>
    /// <param name="random">The seeded source of every draw.</param>
    public static (Tensor Images, Tensor? Targets) Apply(Tensor images, Tensor? targets, bool targetIsMask, AugmentationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        if (options.IsIdentity)
        {
            return (images, targets);
        }

        var batch = (int)images.shape[0];
        var height = (int)images.shape[2];
        var width = (int)images.shape[3];
        if (options.IsGeometric)
        {
            var theta = DrawAffine(batch, options, random);
            using var thetaTensor = tensor(theta, [batch, 2, 3], dtype: images.dtype, device: images.device);
            using var grid = nn.functional.affine_grid(thetaTensor, images.shape, align_corners: false);
            images = nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
            if (targets is not null)
            {
                targets = nn.functional.grid_sample(targets, grid, targetIsMask ? GridSampleMode.Nearest : GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
            }
        }

        if (options.ContrastJitter > 0 || options.BrightnessJitter > 0)
        {
            var scale = new float[batch];
            var shift = new float[batch];
            for (var b = 0; b < batch; b++)
            {
                scale[b] = (float)(1 + Symmetric(random, options.ContrastJitter));
                shift[b] = (float)Symmetric(random, options.BrightnessJitter);
            }

            using var scaleTensor = tensor(scale, [batch, 1, 1, 1], dtype: images.dtype, device: images.device);
            using var shiftTensor = tensor(shift, [batch, 1, 1, 1], dtype: images.dtype, device: images.device);
            images = images.mul(scaleTensor).Plus(shiftTensor);
            if (targets is not null && !targetIsMask)
            {
                // An image target (restoration) gets the same intensity change: a brighter input with an
                // unchanged target would teach the network to undo a uniform shift, i.e. to stop following
                // absolute intensity (HU), where the shift is content it must pass through.
                targets = targets.mul(scaleTensor).Plus(shiftTensor);
            }
        }

        if (options.ErasingProbability > 0)
        {
            var keep = DrawErasing(batch, height, width, options, random);
            using var keepTensor = tensor(keep, [batch, 1, height, width], dtype: images.dtype, device: images.device);
            images = images.mul(keepTensor);
        }

        return (images, targets);
    }

    // theta maps output coordinates (−1..1) to input coordinates: input = s·R·F·out + t.
    private static float[] DrawAffine(int batch, AugmentationOptions options, Random random)
    {
        var theta = new float[batch * 6];
        for (var b = 0; b < batch; b++)
        {
            var fx = Draw(random) < options.HorizontalFlipProbability ? -1.0 : 1.0;
            var fy = Draw(random) < options.VerticalFlipProbability ? -1.0 : 1.0;
            var angle = Symmetric(random, options.MaxRotationDegrees) * Math.PI / 180;
            var scale = options.MinCropScale + ((1 - options.MinCropScale) * Draw(random));
            var tx = (Symmetric(random, options.MaxTranslation) * 2) + Symmetric(random, 1 - scale);
            var ty = (Symmetric(random, options.MaxTranslation) * 2) + Symmetric(random, 1 - scale);
            var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
            var o = b * 6;
            theta[o] = (float)(scale * cos * fx);
            theta[o + 1] = (float)(-scale * sin * fy);
            theta[o + 2] = (float)tx;
            theta[o + 3] = (float)(scale * sin * fx);
            theta[o + 4] = (float)(scale * cos * fy);
            theta[o + 5] = (float)ty;
        }

        return theta;
    }

    private static float[] DrawErasing(int batch, int height, int width, AugmentationOptions options, Random random)
    {
        var keep = new float[batch * height * width];
        Array.Fill(keep, 1f);
        for (var b = 0; b < batch; b++)
        {
            if (Draw(random) >= options.ErasingProbability)
            {
                continue;
            }

            var area = height * width * (0.02 + ((options.ErasingMaxArea - 0.02) * Draw(random)));
            var aspect = Math.Exp(Math.Log(0.3) + ((Math.Log(3.3) - Math.Log(0.3)) * Draw(random)));
            var h = Math.Clamp((int)Math.Round(Math.Sqrt(area * aspect)), 1, height);
            var w = Math.Clamp((int)Math.Round(Math.Sqrt(area / aspect)), 1, width);
            var top = (int)(Draw(random) * (height - h + 1));
            var left = (int)(Draw(random) * (width - w + 1));
            for (var r = top; r < top + h; r++)
            {
                Array.Fill(keep, 0f, (b * height * width) + (r * width) + left, w);
            }
        }

        return keep;
    }

#pragma warning disable CA5394 // seeded augmentation, not security
    private static double Draw(Random random) => random.NextDouble();
#pragma warning restore CA5394

    private static double Symmetric(Random random, double magnitude) => magnitude <= 0 ? 0 : ((Draw(random) * 2) - 1) * magnitude;
}
