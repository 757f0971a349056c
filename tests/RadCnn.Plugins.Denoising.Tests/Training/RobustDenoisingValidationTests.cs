using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Denoising.Models;
using RadCnn.Plugins.Denoising.Tests.Support;
using RadCnn.Plugins.Denoising.Training;
using RadCnn.Training.Phantoms.LowDoseCt;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Tests.Training;

/// <summary>
/// The robust recipe's epoch selection: its probe figure is the engine's (the shipped U-Net on the same slice
/// through the plugin's probe), and a network that buys a lower probe figure by not passing a uniform offset
/// (it shrinks every value toward soft tissue) scores below the identity, which the probe alone ranks last, and
/// the identity's score is its probe figure less the fidelity floor's penalty (it gains nothing over its input).
/// </summary>
public sealed class RobustDenoisingValidationTests(ITestOutputHelper output)
{
    private const int Size = 256;
    private const int Seed = 1;

    [Fact]
    public async Task The_probe_figure_is_the_engines_on_the_plugins_crop()
    {
        var generator = new LowDoseCtGenerator(new BodySliceModel(), Size, 0.1);
        var validation = new RobustDenoisingValidation(generator, Seed, patients: 4, maxSlices: 1);
        using var unet = ModelLoader.Load(ModelLoader.UNetName, File.ReadAllBytes(Path.Combine(Repository.PluginFolder, "model", "unet.bin")));
        validation.Score(unet, new HashSet<string> { Key(generator, 2) }, CPU);

        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new DenoisingPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine, new Dictionary<string, string?> { ["Model"] = ModelLoader.UNetName, ["RefinementWeight"] = "0" }), CancellationToken.None);
        // The selection judges the network alone, so the plugin probes it without the total-variation step.
        var slice = generator.Generate(Seed, 2 * generator.SlicesPerPatient);
        var report = await plugin.ProbeAsync(slice.LowDose, Size, Size, CancellationToken.None);
        output.WriteLine($"selection {validation.Last!.ProbeChange:P3}, engine {1 - report.Agreement:P3}; offset passed {validation.Last.OffsetPassedHu:F1} HU, content {validation.Last.ContentBiasHu:F2} HU, bias {validation.Last.BiasHu:F2} HU");
        Assert.Equal(1 - report.Agreement, validation.Last.ProbeChange, 3);
        Assert.InRange(validation.Last.OffsetPassedHu, 70, 90);
    }

    [Fact]
    public void A_network_that_does_not_pass_an_offset_scores_below_the_identity_despite_a_lower_probe_figure()
    {
        var generator = new LowDoseCtGenerator(new BodySliceModel(), Size, 0.1);
        var patients = new HashSet<string> { Key(generator, 0) };
        var identity = new RobustDenoisingValidation(generator, Seed, patients: 2, maxSlices: 2);
        var shrink = new RobustDenoisingValidation(generator, Seed, patients: 2, maxSlices: 2);
        using var identityNet = nn.Identity();
        using var shrinkNet = new ShrinkTowardSoftTissue(0.8);
        var identityScore = identity.Score(identityNet, patients, CPU);
        var shrinkScore = shrink.Score(shrinkNet, patients, CPU);
        output.WriteLine($"identity: {identity.Last} -> {identityScore:F4}; shrink: {shrink.Last} -> {shrinkScore:F4}");

        Assert.Equal(80, identity.Last!.OffsetPassedHu, 1);
        Assert.Equal(0, identity.Last.ContentBiasHu, 1);
        // The identity gains no PSNR over its input: only the fidelity floor's penalty beside the probe's figure.
        Assert.Equal(identity.Last.InputPsnrDb, identity.Last.PsnrDb, 6);
        Assert.Equal(-identity.Last.ProbeChange - (0.01 * RobustDenoisingValidation.PsnrGainFloor / RobustDenoisingValidation.PsnrTolerance), identityScore, 6);
        Assert.InRange(shrink.Last!.OffsetPassedHu, 63, 65);
        Assert.True(shrink.Last.ProbeChange < 0.85 * identity.Last.ProbeChange, "the shrinking network keeps less of the attack");
        Assert.True(shrinkScore < identityScore, $"shrink {shrinkScore:F4} against identity {identityScore:F4}");
    }

    [Fact]
    public void With_a_bias_bound_an_epoch_with_one_slice_over_it_ranks_below_every_epoch_within_it()
    {
        // The 15-epoch textured fine-tune's failure in figures: a lower probe figure and a mean bias within the
        // allowance (−1.7 HU), but one slice 5.4 HU off. Without a bound it outranks an epoch whose every slice is
        // within 3 HU; with the bound (4.5 HU) it loses the rejection penalty and ranks below it.
        var drifting = new RobustSelectionFigures(0.040, 80, -1.0, -1.7, 30, 19, LargestBiasHu: 5.4);
        var within = new RobustSelectionFigures(0.045, 80, 1.1, 0.5, 30, 19, LargestBiasHu: 3.0);
        Assert.True(RobustDenoisingValidation.Combine(drifting) > RobustDenoisingValidation.Combine(within));
        Assert.True(RobustDenoisingValidation.Combine(drifting, 4.5) < RobustDenoisingValidation.Combine(within, 4.5));
        Assert.Equal(RobustDenoisingValidation.Combine(within), RobustDenoisingValidation.Combine(within, 4.5));
        Assert.Equal(
            RobustDenoisingValidation.Combine(drifting) - RobustDenoisingValidation.RejectionPenalty - (0.01 * (5.4 - 4.5) / RobustDenoisingValidation.Tolerance),
            RobustDenoisingValidation.Combine(drifting, 4.5),
            9);
    }

    [Fact]
    public void The_largest_slice_bias_follows_a_uniform_shift_of_the_output()
    {
        var generator = new LowDoseCtGenerator(new BodySliceModel(), Size, 0.1);
        var patients = new HashSet<string> { Key(generator, 0) };
        var identity = new RobustDenoisingValidation(generator, Seed, patients: 2, maxSlices: 2);
        var shifted = new RobustDenoisingValidation(generator, Seed, patients: 2, maxSlices: 2, largestBiasBoundHu: 4.5);
        using var identityNet = nn.Identity();
        using var shiftNet = new ShiftBy(8);
        identity.Score(identityNet, patients, CPU);
        var score = shifted.Score(shiftNet, patients, CPU);
        output.WriteLine($"identity: {identity.Last}; shifted: {shifted.Last} -> {score:F4}");

        Assert.Equal(identity.Last!.BiasHu + 8, shifted.Last!.BiasHu, 2);
        Assert.InRange(shifted.Last.LargestBiasHu, 8 - identity.Last.LargestBiasHu - 0.01, 8 + identity.Last.LargestBiasHu + 0.01);
        Assert.True(shifted.Last.LargestBiasHu >= Math.Abs(shifted.Last.BiasHu) - 1e-6);
        Assert.True(score < -RobustDenoisingValidation.RejectionPenalty, $"a slice {shifted.Last.LargestBiasHu:F1} HU off is rejected: {score:F4}");
    }

    [Fact]
    public void Without_validation_patients_it_refuses_to_score()
    {
        var generator = new LowDoseCtGenerator(new BodySliceModel(), Size, 0.1);
        var validation = new RobustDenoisingValidation(generator, Seed, patients: 2);
        using var net = nn.Identity();
        Assert.Throws<InvalidOperationException>(() => validation.Score(net, new HashSet<string> { "another-s1-p0" }, CPU));
    }

    private static string Key(LowDoseCtGenerator generator, int patient) => FormattableString.Invariant($"{generator.Name}-s{Seed}-p{patient}");

    /// <summary>x ↦ x + <paramref name="hu"/> HU: every region's level moved by the same amount.</summary>
    private sealed class ShiftBy(double hu) : nn.Module<Tensor, Tensor>("shift")
    {
        public override Tensor forward(Tensor input) => input.add(hu / 4000.0);
    }

    /// <summary>x ↦ a·x + (1 − a)·(40 HU): a lower probe figure than the identity's, bought by not passing offsets.</summary>
    private sealed class ShrinkTowardSoftTissue(double gain) : nn.Module<Tensor, Tensor>("shrink")
    {
        public override Tensor forward(Tensor input) => input.mul(gain).add((1 - gain) * (1040.0 / 4000.0));
    }
}
