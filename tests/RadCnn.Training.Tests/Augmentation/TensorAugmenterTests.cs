using RadCnn.Training.Augmentation;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Augmentation;

public class TensorAugmenterTests
{
    private static Tensor Ramp() => arange(2 * 16 * 16, dtype: ScalarType.Float32).reshape(2, 1, 16, 16) / 512;

    [Fact]
    public void No_options_leave_the_batch_untouched()
    {
        using var scope = NewDisposeScope();
        var images = Ramp();
        var (augmented, _) = TensorAugmenter.Apply(images, null, false, AugmentationOptions.None, new Random(1));
        Assert.Same(images, augmented);
    }

    [Fact]
    public void A_certain_horizontal_flip_mirrors_the_columns_of_image_and_mask()
    {
        using var scope = NewDisposeScope();
        var images = Ramp();
        var masks = (Ramp() > 0.5f).to_type(ScalarType.Float32);
        var (augmented, augmentedMasks) = TensorAugmenter.Apply(images, masks, true, new AugmentationOptions { HorizontalFlipProbability = 1 }, new Random(1));

        Assert.True(augmented.allclose(images.flip(3), rtol: 1e-4, atol: 1e-5));
        Assert.True(augmentedMasks!.eq(masks.flip(3)).all().item<bool>());
    }

    [Fact]
    public void Same_seed_same_transformations_other_seed_others()
    {
        using var scope = NewDisposeScope();
        var options = AugmentationOptions.Radiograph with { HorizontalFlipProbability = 0.5 };
        var a = TensorAugmenter.Apply(Ramp(), null, false, options, new Random(42)).Images;
        var b = TensorAugmenter.Apply(Ramp(), null, false, options, new Random(42)).Images;
        var c = TensorAugmenter.Apply(Ramp(), null, false, options, new Random(43)).Images;

        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.allclose(c));
    }

    [Fact]
    public void Rotation_and_crop_keep_a_mask_binary_and_move_it_with_the_image()
    {
        using var scope = NewDisposeScope();
        var mask = zeros(1, 1, 32, 32);
        mask[.., .., 8..16, 8..16] = ones(1, 1, 8, 8);
        var image = mask.clone() * 3;
        var options = new AugmentationOptions { MaxRotationDegrees = 15, MaxTranslation = 0.1, MinCropScale = 0.8 };
        for (var seed = 0; seed < 5; seed++)
        {
            var (warped, warpedMask) = TensorAugmenter.Apply(image, mask, true, options, new Random(seed));
            var values = warpedMask!.unique().output.data<float>().ToArray();
            Assert.All(values, v => Assert.True(v is 0f or 1f, $"mask value {v}"));
            // Where the warped mask is 1 the warped image is bright: both moved together.
            var inside = warped.masked_select(warpedMask.to_type(ScalarType.Bool));
            Assert.True(inside.mean().item<float>() > 2.0f);
        }
    }

    [Fact]
    public void Erasing_and_intensity_jitter_change_only_the_image()
    {
        using var scope = NewDisposeScope();
        var images = ones(4, 1, 20, 20);
        var options = new AugmentationOptions { ErasingProbability = 1, ErasingMaxArea = 0.2, ContrastJitter = 0.2 };
        var (augmented, _) = TensorAugmenter.Apply(images, null, false, options, new Random(3));

        for (var b = 0; b < 4; b++)
        {
            var sample = augmented[b];
            Assert.True(sample.eq(0).sum().item<long>() >= 8, "a rectangle was erased");
            var kept = sample.masked_select(sample.ne(0));
            Assert.InRange(kept.mean().item<float>(), 0.8f, 1.2f);
        }
    }

    [Fact]
    public void Intensity_jitter_moves_an_image_target_with_its_input_and_leaves_a_mask_alone()
    {
        using var scope = NewDisposeScope();
        var images = Ramp();
        var target = Ramp() * 0.5f;
        var mask = (Ramp() > 0.5f).to_type(ScalarType.Float32);
        var options = new AugmentationOptions { BrightnessJitter = 0.05, ContrastJitter = 0.1 };

        var (augmented, augmentedTarget) = TensorAugmenter.Apply(images, target, false, options, new Random(5));
        var (again, augmentedMask) = TensorAugmenter.Apply(images, mask, true, options, new Random(5));

        // Restoration: per sample the same scale and shift on input and target, recovered from the input's change.
        for (var b = 0; b < 2; b++)
        {
            var x = images[b].flatten();
            var y = augmented[b].flatten();
            var scale = ((y[1] - y[0]) / (x[1] - x[0])).item<float>();
            var shift = (y[0] - (x[0] * scale)).item<float>();
            Assert.NotEqual(1f, scale, 3);
            Assert.True(augmentedTarget![b].allclose((target[b] * scale) + shift, rtol: 1e-4, atol: 1e-5), $"sample {b}: the target did not get the input's scale {scale} and shift {shift}");
        }

        Assert.True(again.allclose(augmented));
        Assert.True(augmentedMask!.eq(mask).all().item<bool>(), "a mask is not an intensity");
    }
}
