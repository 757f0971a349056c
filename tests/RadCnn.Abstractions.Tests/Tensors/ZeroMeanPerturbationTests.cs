using RadCnn.Abstractions.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Abstractions.Tests.Tensors;

public class ZeroMeanPerturbationTests
{
    [Fact]
    public void A_projected_perturbation_has_zero_mean_per_sample_and_channel_inside_the_ball_and_range()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);

        // Values near both ends of the range, so the range binds for many pixels; a positive-biased delta, so
        // without the projection its mean would be about 0.5 epsilon.
        var x = rand([3, 2, 16, 16], generator: generator);
        x[0] = x[0].mul(0.01);
        x[1] = x[1].mul(0.01).add(0.99);
        var delta = rand([3, 2, 16, 16], generator: generator).mul(0.05);

        var projected = ZeroMeanPerturbation.Project(x, delta, 0.05, (0, 1));

        // Alternating projections leave a small mean where the range binds for half the pixels (here about 1e-3 of
        // epsilon, against 0.5 unprojected); away from the range's ends it is far smaller (next test).
        var means = projected.mean([2L, 3L]).abs().max().item<float>();
        Assert.True(means < 0.005 * 0.05, $"largest per-channel mean {means}");
        Assert.True(projected.abs().max().item<float>() <= 0.05f + 1e-6f);
        var perturbed = x + projected;
        Assert.True(perturbed.min().item<float>() >= -1e-6f && perturbed.max().item<float>() <= 1 + 1e-6f);

        // Away from the range's ends still the perturbation's size: centred (uniform 0..0.05 becomes ±0.025), not shrunk.
        Assert.InRange(projected[2].abs().mean().item<float>(), 0.011f, 0.014f);
    }

    [Fact]
    public void A_flat_input_is_centred_per_sample_over_its_features()
    {
        using var scope = NewDisposeScope();
        var x = full([4L, 10L], 0.5f);
        var delta = arange(40, dtype: ScalarType.Float32).reshape(4, 10).mul(0.001);

        var projected = ZeroMeanPerturbation.Project(x, delta, 0.1, null);

        Assert.True(projected.mean([1L]).abs().max().item<float>() < 1e-7f);

        // Centring per sample keeps the within-sample differences (nothing is clipped at this size).
        Assert.True((projected - (delta - delta.mean([1L], keepdim: true))).abs().max().item<float>() < 1e-6f);
    }

    [Fact]
    public void A_random_start_is_reproducible_with_a_generator_and_lies_in_the_set()
    {
        using var scope = NewDisposeScope();
        var x = full([1L, 1L, 24L, 24L], 0.5f);
        using var first = new Generator(22);
        using var second = new Generator(22);

        var a = ZeroMeanPerturbation.RandomStart(x, 0.02, (0, 1), first);
        var b = ZeroMeanPerturbation.RandomStart(x, 0.02, (0, 1), second);

        Assert.Equal(0f, (a - b).abs().max().item<float>());
        Assert.True(a.mean().abs().item<float>() < 1e-7f);
        Assert.True(a.abs().max().item<float>() <= 0.02f + 1e-7f);
        Assert.True(a.std().item<float>() > 0.005f, "uniform in the ball, not a point");
    }
}
