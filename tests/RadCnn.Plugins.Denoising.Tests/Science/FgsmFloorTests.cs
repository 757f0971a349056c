using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Denoising.Tests.Support;
using RadCnn.Plugins.Denoising.Training;
using RadCnn.Training.Phantoms.LowDoseCt;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Tests.Science;

/// <summary>
/// Why the FGSM goal (≤ 5% relative output change at epsilon 0.02) is out of reach of any
/// denoiser that keeps HU. The engine's image probe steps along the sign of the gradient of the output's
/// energy; for a network that keeps mean HU that sign is +1 almost everywhere, i.e. a uniform shift
/// of 0.02 × 4000 = 80 HU, which an honest denoiser must pass through. A network that returns its input
/// unchanged already reports 0.02 over the crop's RMS (7-10% on body phantoms); the shipped U-Net
/// reports about the same because it keeps a uniform offset, as these tests measure through the real engine.
/// </summary>
public sealed class FgsmFloorTests(ITestOutputHelper output)
{
    private const double Epsilon = 0.02;

    [Fact]
    public async Task TheIdentityAlreadyChangesByMoreThanFivePercentOnBodyPhantoms()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        var shared = (IInferenceEngine)engine;
        var side = DenoisingPlugin.ProbeSide;
        using var identity = shared.Register(new ModelRegistration("identity-probe", () => nn.Identity(), [1, side, side], ModelOutputKind.Image) { InputRange = (0, 1) });
        var generator = new LowDoseCtGenerator(new BodySliceModel(), 256, 0.1);
        for (var index = 0; index < 2; index++)
        {
            var crop = CentreCrop(generator.Generate(9005, index * 4).LowDose, 256, side);
            using var input = tensor(crop, [1, side, side]);
            var report = await shared.ProbeAsync(identity, input, InferencePriority.Routine, CancellationToken.None);
            var expected = Epsilon / Math.Sqrt(crop.Average(v => (double)v * v));
            output.WriteLine($"phantom {index}: identity's FGSM change {1 - report.Agreement:P2}, 0.02 / RMS {expected:P2}");
            Assert.Equal(Epsilon, report.Epsilon, 6);
            Assert.InRange(1 - report.Agreement, expected - 0.002, expected + 0.002);
            Assert.True(1 - report.Agreement > 0.05, $"the identity's change {1 - report.Agreement:P2} is under the 5% goal");
        }
    }

    [Fact]
    public async Task TheUNetPassesAUniformEightyHuOffsetThroughAsTheProbeFinds()
    {
        await using var engine = (IAsyncDisposable)TestEngine.Create();
        await using var plugin = new DenoisingPlugin();
        await plugin.InitializeAsync(new TestPluginContext((IInferenceEngine)engine, new Dictionary<string, string?> { ["Model"] = "denoising-unet", ["Probe"] = "false" }), CancellationToken.None);
        var phantom = new LowDoseCtGenerator(new BodySliceModel(), 256, 0.1).Generate(9005, 0);
        var shift = (float)(Epsilon * DenoisingRecipeBase.Window.WindowWidth);
        var clean = await plugin.DenoiseAsync(phantom.LowDose, 256, 256, CancellationToken.None);
        var shifted = await plugin.DenoiseAsync([.. phantom.LowDose.Select(v => v + shift)], 256, 256, CancellationToken.None);
        var uniform = Enumerable.Range(0, clean.Length).Where(i => phantom.Anatomy.UniformMask[i] == 1).ToList();
        var passed = uniform.Average(i => shifted[i] - clean[i]);
        var report = await plugin.ProbeAsync(phantom.LowDose, 256, 256, CancellationToken.None);
        var crop = CentreCrop(phantom.LowDose, 256, DenoisingPlugin.ProbeSide);
        var identity = Epsilon / Math.Sqrt(crop.Average(v => (double)v * v));
        output.WriteLine($"a {shift:F0} HU offset moves the uniform organ by {passed:F1} HU; FGSM change {1 - report.Agreement:P2} (identity {identity:P2})");

        // Kept to within 10 HU: the offset is HU the network must not invent or remove.
        Assert.InRange(passed, shift - 10, shift + 10);

        // So the probe's change stays near the identity's, above the goal's 5%.
        Assert.InRange(1 - report.Agreement, 0.75 * identity, 1.4 * identity);
    }

    private static float[] CentreCrop(float[] hu, int size, int side)
    {
        var values = (float[])hu.Clone();
        DenoisingRecipeBase.Window.Normalize(values);
        var crop = new float[side * side];
        var top = (size - side) / 2;
        for (var r = 0; r < side; r++)
        {
            Array.Copy(values, ((top + r) * size) + top, crop, r * side, side);
        }

        return crop;
    }
}
