using System.Runtime.InteropServices;
using RadCnn.Plugins.Denoising.Models;
using RadCnn.Plugins.Denoising.Training;
using RadCnn.TestSupport;
using RadCnn.Training.Phantoms.LowDoseCt;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Tests.Models;

/// <summary>
/// The light total-variation step after the network against its reference, scikit-image's <c>denoise_tv_chambolle</c>, on a
/// low-dose phantom slice in the network's 0..1 window with the same weight and number of iterations; that it is
/// differentiable where the image is flat (the engine's FGSM probe attacks through it); and the blend of two networks.
/// </summary>
public sealed class TotalVariationRefinementTests
{
    private const int Size = 96;

    [Theory]
    [InlineData(0.005, 20)]
    [InlineData(0.02, 5)]
    public void It_matches_scikit_image_for_the_same_weight_and_iterations(double weight, int iterations)
    {
        var slice = Slice();
        using var scope = NewDisposeScope();
        using var refinement = new TotalVariationRefinement(weight, iterations);
        // The tensor path (gradients on, as the probe runs it) and the fused path on plain arrays (no gradients, as every
        // denoised slice runs it), here on a batch of two planes.
        var input = tensor(slice, [1, 1, Size, Size]);
        var ours = refinement.call(input).flatten().data<float>().ToArray();
        float[] fused;
        using (no_grad())
        {
            var batch = cat([input, input.flip(-1)], 0);
            var both = refinement.call(batch);
            fused = both[0].flatten().data<float>().ToArray();
            Assert.True(both[1].allclose(refinement.call(input.flip(-1)).detach(), rtol: 0, atol: 1e-6), "the fused path mixes the planes of a batch");
        }

        using var dir = new TempDirectory("radcnn-tv");
        File.WriteAllBytes(dir.Combine("image.f32"), MemoryMarshal.AsBytes(slice.AsSpan()).ToArray());
        var script = Path.Combine(AppContext.BaseDirectory, "Models", "skimage_tv.py");
        var run = Peers.Run(Peers.Python, [script, dir.Combine("image.f32"), $"{Size}", $"{Size}", weight.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{iterations}", dir.Combine("tv.f32")], TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, "python3-skimage is needed: " + run.Combined);
        var reference = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(dir.Combine("tv.f32"))).ToArray();

        // 1e-5 of the window is 0.04 HU: float32 against float64 over the iterations.
        var largest = reference.Zip(ours).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(largest < 1e-5, $"tensor path: largest difference to scikit-image {largest:E2} ({largest * 4000:F3} HU)");
        var largestFused = reference.Zip(fused).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(largestFused < 1e-5, $"fused path: largest difference to scikit-image {largestFused:E2} ({largestFused * 4000:F3} HU)");

        // And it did something: the step changes the noisy slice by more than that bound many times over.
        var changed = slice.Zip(ours).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(changed > 1e-3, $"the step moved the slice by at most {changed:E2}");
    }

    [Fact]
    public void Its_input_gradient_is_finite_on_a_flat_image()
    {
        using var scope = NewDisposeScope();
        using var refinement = new TotalVariationRefinement(0.005, 20);
        var flat = full(new long[] { 1, 1, 32, 32 }, 0.25f).requires_grad_(true);
        refinement.call(flat).square().sum().backward();
        Assert.True(flat.grad!.isfinite().all().item<bool>(), "the gradient through a flat image is not finite");
        Assert.True(refinement.call(flat.detach()).sub(flat.detach()).abs().max().item<float>() < 1e-6, "a flat image should pass unchanged");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    public void A_weight_that_is_not_positive_is_refused(double weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TotalVariationRefinement(weight, 20));

    [Fact]
    public void The_blend_is_the_weighted_mean_of_its_networks_then_the_step()
    {
        var slice = Slice();
        using var scope = NewDisposeScope();
        var input = tensor(slice, [1, 1, Size, Size]);
        using var first = new Scaled(1.0);
        using var second = new Scaled(0.5);
        using var blend = new DenoiserBlend(new Scaled(1.0), new Scaled(0.5), 0.25, new TotalVariationRefinement(0.005, 10));
        using var refinement = new TotalVariationRefinement(0.005, 10);
        var expected = refinement.call(first.call(input).mul(0.25).add(second.call(input).mul(0.75)));
        Assert.True(blend.call(input).allclose(expected, rtol: 0, atol: 1e-6), "the blend is not share x first + (1 - share) x second, then the step");
        Assert.Throws<ArgumentOutOfRangeException>(() => new DenoiserBlend(new Scaled(1.0), new Scaled(0.5), 1.0, null));
    }

    private static float[] Slice()
    {
        var phantom = new LowDoseCtGenerator(new BodySliceModel(), Size, 0.1).Generate(9007, 0);
        var values = (float[])phantom.LowDose.Clone();
        DenoisingRecipeBase.Window.Normalize(values);
        return values;
    }

    /// <summary>A stand-in network: its input times a constant.</summary>
    private sealed class Scaled(double factor) : nn.Module<Tensor, Tensor>("Scaled")
    {
        public override Tensor forward(Tensor input) => input.mul(factor);
    }
}
