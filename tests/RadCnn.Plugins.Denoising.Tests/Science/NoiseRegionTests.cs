using RadCnn.Plugins.Denoising.Science;

namespace RadCnn.Plugins.Denoising.Tests.Science;

/// <summary>
/// The noise measurement result.json reports, on synthetic slices with known noise: a "denoiser" that returns
/// other noise of the same SD must measure about 1, not below it, and a real halving must measure about 2.
/// </summary>
public sealed class NoiseRegionTests
{
    private const int Side = 128;

    [Fact]
    public void A_window_chosen_on_the_measured_slice_calls_an_unchanged_noise_level_noisier_but_the_neighbours_choice_does_not()
    {
        var random = new Random(7);
        var (input, neighbour, output) = (Slice(random, 10), Slice(random, 10), Slice(random, 10));

        var biased = NoiseRegion.Find(input, output, Side, Side, 8)!;
        var fair = NoiseRegion.Find(input, output, Side, Side, 8, neighbour)!;

        // Chosen on the input itself, the quietest quarter of windows is where the input's noise happens to be low.
        Assert.True(biased.Reduction < 0.95, $"same-slice choice: {biased.Reduction:F3}");
        Assert.True(fair.Reduction is > 0.95 and < 1.05, $"neighbour's choice: {fair.Reduction:F3}");
        Assert.InRange(fair.InputSdHu, 9, 11);
        Assert.InRange(fair.MeanShiftHu, -1.5, 1.5);
        Assert.True(fair.Windows >= 100, $"{fair.Windows} windows");
    }

    [Fact]
    public void Halved_noise_and_a_known_offset_are_measured_as_such_and_air_is_never_a_window()
    {
        var random = new Random(11);
        var (input, neighbour) = (Slice(random, 20), Slice(random, 20));
        var output = Slice(random, 10);
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = output[i] < -500 ? output[i] : output[i] + 8;
        }

        var region = NoiseRegion.Find(input, output, Side, Side, 8, neighbour)!;

        Assert.InRange(region.Reduction, 1.8, 2.2);
        Assert.InRange(region.MeanShiftHu, 6.5, 9.5);
        Assert.InRange(region.InputMeanHu, 30, 70);
        Assert.Null(NoiseRegion.Find(Air(), Air(), Side, Side, 8, Air()));
    }

    /// <summary>A body of soft tissue (50 HU) in air, left half; Gaussian noise of the given SD on the tissue.</summary>
    private static float[] Slice(Random random, double sd)
    {
        var values = new float[Side * Side];
        for (var r = 0; r < Side; r++)
        {
            for (var c = 0; c < Side; c++)
            {
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                values[(r * Side) + c] = c < Side / 2 ? (float)(50 + (sd * gaussian)) : -1000;
            }
        }

        return values;
    }

    private static float[] Air() => Enumerable.Repeat(-1000f, Side * Side).ToArray();
}
