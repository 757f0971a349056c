using RadCnn.Training.Data;
using RadCnn.Training.Phantoms;
using RadCnn.Training.Robustness;

namespace RadCnn.Training.Tests.Robustness;

public class DistributionProfileTests
{
    private static readonly InputSpec Input = new(1, 48, 48, NormalizationKind.PerImageZScore);

    private static DistributionProfile Profile() =>
        DistributionProfile.FitInputs(PhantomSamples.Generate(new ChestRadiographGenerator(size: 96), 120, 1, Input).Select(s => s.Pixels), 48, 48);

    [Fact]
    public void Held_out_images_of_the_training_generator_pass()
    {
        var profile = Profile();
        var held = PhantomSamples.Generate(new ChestRadiographGenerator(size: 96), 60, 77, Input);

        var flagged = held.Count(s => profile.IsOutOfDistribution(s.Pixels, 48, 48));

        Assert.True(flagged <= 3, $"{flagged} of 60 held-out phantoms flagged");
    }

    [Fact]
    public void Blank_noise_and_inverted_images_are_out_of_distribution()
    {
        var profile = Profile();
        var blank = new float[48 * 48];
        Input.Normalize(blank);
        var random = new Random(4);
        var noise = Enumerable.Range(0, 48 * 48).Select(_ => (float)random.NextDouble()).ToArray();
        Input.Normalize(noise);
        var inverted = PhantomSamples.FromCase(new ChestRadiographGenerator(size: 96).Generate(77, 0), Input).Pixels.Select(v => -v).ToArray();

        Assert.True(profile.IsOutOfDistribution(blank, 48, 48), $"blank: distance {profile.DistanceOfInput(blank, 48, 48):F2}, cutoff {profile.Cutoff:F2}");
        Assert.True(profile.IsOutOfDistribution(noise, 48, 48), $"noise: distance {profile.DistanceOfInput(noise, 48, 48):F2}, cutoff {profile.Cutoff:F2}");
        Assert.True(profile.IsOutOfDistribution(inverted, 48, 48), $"inverted: distance {profile.DistanceOfInput(inverted, 48, 48):F2}, cutoff {profile.Cutoff:F2}");
    }

    [Fact]
    public void A_profile_needs_vectors_of_its_own_length()
    {
        var profile = DistributionProfile.Fit([[0, 1], [1, 2], [2, 3]], ["a", "b"]);

        Assert.Throws<ArgumentException>(() => profile.Distance([1.0]));
        Assert.Equal(0, profile.Distance([1.0, 2.0]), 9);
    }
}
