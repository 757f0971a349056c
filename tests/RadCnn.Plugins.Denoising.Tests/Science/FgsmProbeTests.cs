using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Denoising.Tests.Support;
using RadCnn.Plugins.Denoising.Training;
using RadCnn.Training.Phantoms.LowDoseCt;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Tests.Science;

/// <summary>
/// The engine's image-to-image FGSM probe on body phantoms, through the real engine: a zero-mean attack
/// on the output's deviation (RadCnn.Engine's ImageAttack). The identity reports epsilon over the crop's
/// RMS; a smoothing filter keeps about 0.7 of the attack; the shipped U-Net keeps less (about 0.6-0.65).
/// The probe the engine used before (the sign of the gradient of the output's energy) was a uniform
/// +80 HU shift, which the U-Net must and does pass through: these tests check that it is no longer the attack.
/// </summary>
public sealed class FgsmProbeTests(ITestOutputHelper output)
{
    private const double Epsilon = 0.02;
    private const int Size = 256;
    private static readonly int[] Phantoms = [0, 4];

    [Fact]
    public async Task The_identity_reports_epsilon_over_the_crops_rms()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        var shared = (IInferenceEngine)engine;
        using var identity = Register(shared, "identity-probe", () => nn.Identity());
        foreach (var index in Phantoms)
        {
            var crop = CentreCrop(Phantom(index).LowDose);
            var change = await ChangeAsync(shared, identity, crop);
            var expected = Epsilon / Rms(crop);
            output.WriteLine($"phantom {index}: identity {change:P2}, 0.02 / RMS {expected:P2}");
            Assert.InRange(change, 0.95 * expected, 1.001 * expected);
        }
    }

    [Fact]
    public async Task A_gaussian_filter_keeps_less_of_the_attack_than_the_identity()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        var shared = (IInferenceEngine)engine;
        using var identity = Register(shared, "identity-probe", () => nn.Identity());
        using var smoothing = Register(shared, "gaussian-probe", () => new GaussianFilter(1.5));
        foreach (var index in Phantoms)
        {
            var crop = CentreCrop(Phantom(index).LowDose);
            var identityChange = await ChangeAsync(shared, identity, crop);
            var smoothed = await ChangeAsync(shared, smoothing, crop);
            output.WriteLine($"phantom {index}: identity {identityChange:P2}, Gaussian sigma 1.5 px {smoothed:P2} ({smoothed / identityChange:F2} of it)");

            // The filter keeps the crop's norm within a few percent, so the ratio is its gain on the attack.
            Assert.InRange(smoothed / identityChange, 0.5, 0.9);
        }
    }

    [Fact]
    public async Task The_unet_passes_an_eighty_hu_offset_yet_the_probe_does_not_count_it()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new DenoisingPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine, new Dictionary<string, string?> { ["Model"] = "denoising-unet", ["Probe"] = "false" }), CancellationToken.None);
        var phantom = Phantom(0);
        var shift = (float)(Epsilon * DenoisingRecipeBase.Window.WindowWidth);
        var clean = await plugin.DenoiseAsync(phantom.LowDose, Size, Size, CancellationToken.None);
        var shifted = await plugin.DenoiseAsync([.. phantom.LowDose.Select(v => v + shift)], Size, Size, CancellationToken.None);
        var uniform = Enumerable.Range(0, clean.Length).Where(i => phantom.Anatomy.UniformMask[i] == 1).ToList();
        var passed = uniform.Average(i => shifted[i] - clean[i]);

        // What the energy direction measured: the whole crop's output moved by the shift, about the identity's figure.
        var crop = CentreCrop(phantom.LowDose);
        var cleanCrop = CentreCrop(clean);
        var shiftedCrop = CentreCrop(shifted);
        var offsetChange = Math.Sqrt(cleanCrop.Zip(shiftedCrop).Sum(p => (double)(p.Second - p.First) * (p.Second - p.First)) / cleanCrop.Sum(v => (double)v * v));
        var report = await plugin.ProbeAsync(phantom.LowDose, Size, Size, CancellationToken.None);
        var identity = Epsilon / Rms(crop);
        output.WriteLine($"a {shift:F0} HU offset moves the uniform organ by {passed:F1} HU and the crop's output by {offsetChange:P2}; the probe reports {1 - report.Agreement:P2} (identity {identity:P2})");

        // Kept to within 10 HU: the offset is HU the network must not invent or remove.
        Assert.InRange(passed, shift - 10, shift + 10);
        Assert.InRange(offsetChange, 0.75 * identity, 1.4 * identity);

        // The probe's attack is not that offset: under it the U-Net moves by well under what the offset moves it.
        Assert.True(1 - report.Agreement < 0.75 * offsetChange, $"the probe reports {1 - report.Agreement:P2}, the offset {offsetChange:P2}");
    }

    [Fact]
    public async Task The_unet_keeps_less_of_the_attack_than_a_gaussian_filter()
    {
        // Measured here 4.7-4.8% (Gaussian 5.3%, identity 7.5%); on the bench's held-out body slices
        // 5.7% mean, so the 5% is not asserted: what is asserted is the network's gain on the attack.
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        var shared = (IInferenceEngine)engine;
        await using var plugin = new DenoisingPlugin();
        // The network's own gain: without the total-variation step that follows it by default since plugin 1.5.0.
        await plugin.InitializeAsync(new TestPluginContext(shared, new Dictionary<string, string?> { ["Model"] = "denoising-unet", ["RefinementWeight"] = "0" }), CancellationToken.None);
        using var smoothing = Register(shared, "gaussian-probe", () => new GaussianFilter(1.5));
        foreach (var index in Phantoms)
        {
            var phantom = Phantom(index);
            var crop = CentreCrop(phantom.LowDose);
            var unet = 1 - (await plugin.ProbeAsync(phantom.LowDose, Size, Size, CancellationToken.None)).Agreement;
            var smoothed = await ChangeAsync(shared, smoothing, crop);
            var identity = Epsilon / Rms(crop);
            output.WriteLine($"phantom {index}: U-Net {unet:P2}, Gaussian sigma 1.5 px {smoothed:P2}, identity {identity:P2}");
            Assert.True(unet < smoothed, $"the U-Net's change {unet:P2} is over the Gaussian filter's {smoothed:P2}");
            Assert.True(unet < 0.7 * identity, $"the U-Net keeps {unet / identity:F2} of the attack");
        }
    }

    [Fact]
    public async Task The_default_network_keeps_less_of_the_attack_than_the_1_1_0_unet_and_passes_an_offset_exactly()
    {
        // The 1.2.0 default (mean-centred, trained against this probe with a local-mean loss term) against
        // 1.1.0's default on the same crops: 3.95-4.60% against 5.2-5.9% on the bench's 32-slice seeds.
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        var shared = (IInferenceEngine)engine;
        await using var robust = new DenoisingPlugin();
        await robust.InitializeAsync(new TestPluginContext(shared, new Dictionary<string, string?>()), CancellationToken.None);
        await using var sharp = new DenoisingPlugin();
        await sharp.InitializeAsync(new TestPluginContext(shared, new Dictionary<string, string?> { ["Model"] = "denoising-unet" }), CancellationToken.None);
        var shift = (float)(Epsilon * DenoisingRecipeBase.Window.WindowWidth);
        foreach (var index in Phantoms)
        {
            var phantom = Phantom(index);
            var robustChange = 1 - (await robust.ProbeAsync(phantom.LowDose, Size, Size, CancellationToken.None)).Agreement;
            var sharpChange = 1 - (await sharp.ProbeAsync(phantom.LowDose, Size, Size, CancellationToken.None)).Agreement;
            var clean = await robust.DenoiseAsync(phantom.LowDose, Size, Size, CancellationToken.None);
            var shifted = await robust.DenoiseAsync([.. phantom.LowDose.Select(v => v + shift)], Size, Size, CancellationToken.None);
            var uniform = Enumerable.Range(0, clean.Length).Where(i => phantom.Anatomy.UniformMask[i] == 1).ToList();
            var passed = uniform.Average(i => shifted[i] - clean[i]);
            output.WriteLine($"phantom {index}: {DenoisingPlugin.DefaultModel} {robustChange:P2}, denoising-unet {sharpChange:P2}; a {shift:F0} HU offset passed as {passed:F1} HU");
            Assert.True(robustChange < 0.9 * sharpChange, $"the default keeps {robustChange:P2} of the attack, 1.1.0's U-Net {sharpChange:P2}");
            Assert.InRange(passed, shift - 1, shift + 1);
        }
    }

    private static LowDoseCtCase Phantom(int index) => new LowDoseCtGenerator(new BodySliceModel(), Size, 0.1).Generate(9005, index);

    private static IModelHandle Register(IInferenceEngine engine, string name, Func<nn.Module<Tensor, Tensor>> create) =>
        engine.Register(new ModelRegistration(name, create, [1, DenoisingPlugin.ProbeSide, DenoisingPlugin.ProbeSide], ModelOutputKind.Image) { InputRange = (0, 1) });

    private static async Task<double> ChangeAsync(IInferenceEngine engine, IModelHandle model, float[] crop)
    {
        var side = DenoisingPlugin.ProbeSide;
        using var input = tensor(crop, [1, side, side]);
        var report = await engine.ProbeAsync(model, input, InferencePriority.Routine, CancellationToken.None);
        Assert.Equal(Epsilon, report.Epsilon, 6);
        return 1 - report.Agreement;
    }

    private static double Rms(float[] values) => Math.Sqrt(values.Average(v => (double)v * v));

    /// <summary>The probe's crop (the plugin's: the centre <see cref="DenoisingPlugin.ProbeSide"/> square), normalised to [0, 1].</summary>
    private static float[] CentreCrop(float[] hu)
    {
        var side = DenoisingPlugin.ProbeSide;
        var values = (float[])hu.Clone();
        DenoisingRecipeBase.Window.Normalize(values);
        var crop = new float[side * side];
        var top = (Size - side) / 2;
        for (var r = 0; r < side; r++)
        {
            Array.Copy(values, ((top + r) * Size) + top, crop, r * side, side);
        }

        return crop;
    }
}
