using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Abstractions.Engine;
using RadCnn.Engine;
using RadCnn.Plugins.Denoising;
using RadCnn.Plugins.Denoising.Models;
using RadCnn.Plugins.Denoising.Training;
using RadCnn.Training.Phantoms.LowDoseCt;
using static TorchSharp.torch;

namespace RadCnn.Bench.Denoising;

/// <summary>
/// `RadCnn.Bench.Denoising select SLICES SEED DOSE MODEL WEIGHTS...`: the figures a robust candidate is chosen
/// by, for many weights files on the same slices, without the classical filters (so 32 slices of several seeds
/// and every epoch of a run are affordable). Per generator: the engine's FGSM probe exactly as the plugin runs it
/// (the network registered for the 96 x 96 centre crop, epsilon 0.02, mean / max / share of the identity's figure
/// kept), PSNR in the soft-tissue window over the body (the bench's definition), the HU bias in the uniform regions
/// (mean / largest slice), the noise-free content bias (the truth as input) and, what `FgsmProbeTests` asks of the
/// shipped network, how much of a uniform +80 HU offset of the whole low-dose slice reaches the uniform regions
/// (mean / smallest / largest over slices; the test asks 70-90 HU on one phantom). One JSON line per weights file.
/// </summary>
internal static class Selection
{
    private const double OffsetHu = 80;

    public static async Task RunAsync(string[] args)
    {
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var seed = int.Parse(args[2], CultureInfo.InvariantCulture);
        var dose = double.Parse(args[3], CultureInfo.InvariantCulture);
        var modelName = args[4];
        var cases = BenchSlices.OfBoth(dose, seed, count);

        var engine = InferenceEngineFactory.Create(new EngineOptions { Device = "cpu" });
        long[] probeShape = [1, DenoisingPlugin.ProbeSide, DenoisingPlugin.ProbeSide];
        using (var identity = engine.Register(new ModelRegistration("identity-probe", () => nn.Identity(), probeShape, ModelOutputKind.Image) { InputRange = (0, 1) }))
        {
            var identityChanges = new Dictionary<string, List<double>>();
            foreach (var (name, set) in cases)
            {
                identityChanges[name] = [];
                foreach (var c in set)
                {
                    identityChanges[name].Add(await ChangeAsync(engine, identity, c.LowDose));
                }
            }

            var index = 0;
            foreach (var weights in args.Skip(5))
            {
                var bytes = File.ReadAllBytes(weights);
                using var probe = engine.Register(new ModelRegistration(string.Create(CultureInfo.InvariantCulture, $"candidate-{index++}-probe"), () => ModelLoader.Load(modelName, bytes), probeShape, ModelOutputKind.Image) { InputRange = (0, 1) });
                using var net = ModelLoader.Load(modelName, bytes);
                net.eval();
                var line = new JsonObject { ["weights"] = weights, ["seed"] = seed, ["dose"] = dose, ["slices"] = count };
                foreach (var (name, set) in cases)
                {
                    var fgsm = new List<double>();
                    var psnr = new List<double>();
                    var bias = new List<double>();
                    var truthBias = new List<double>();
                    var offset = new List<double>();
                    foreach (var c in set)
                    {
                        fgsm.Add(await ChangeAsync(engine, probe, c.LowDose));
                        var output = Denoise(net, c.LowDose);
                        var uniform = Enumerable.Range(0, c.Truth.Length).Where(i => c.Anatomy.UniformMask[i] == 1).ToArray();
                        bias.Add(uniform.Average(i => output[i] - c.Truth[i]));
                        var fromTruth = Denoise(net, c.Truth);
                        truthBias.Add(uniform.Average(i => fromTruth[i] - c.Truth[i]));
                        var shifted = Denoise(net, [.. c.LowDose.Select(v => v + (float)OffsetHu)]);
                        offset.Add(uniform.Average(i => shifted[i] - output[i]));
                        psnr.Add(Psnr(output, c.Truth));
                    }

                    var kept = fgsm.Zip(identityChanges[name]).Select(p => p.First / p.Second).ToList();
                    line[name] = new JsonObject
                    {
                        ["fgsm_mean"] = Math.Round(fgsm.Average(), 4),
                        ["fgsm_max"] = Math.Round(fgsm.Max(), 4),
                        ["fgsm_se"] = Math.Round(StandardError(fgsm), 4),
                        ["fgsm_share_kept"] = Math.Round(kept.Average(), 3),
                        ["fgsm_identity_mean"] = Math.Round(identityChanges[name].Average(), 4),
                        ["psnr_db"] = Math.Round(psnr.Average(), 2),
                        ["bias_hu_mean"] = Math.Round(bias.Average(), 2),
                        ["bias_hu_max_abs"] = Math.Round(bias.Max(Math.Abs), 2),
                        ["truth_in_bias_hu_mean"] = Math.Round(truthBias.Average(), 2),
                        ["truth_in_bias_hu_max_abs"] = Math.Round(truthBias.Max(Math.Abs), 2),
                        ["offset_80_hu_mean"] = Math.Round(offset.Average(), 1),
                        ["offset_80_hu_min"] = Math.Round(offset.Min(), 1),
                        ["offset_80_hu_max"] = Math.Round(offset.Max(), 1),
                    };
                }

                line["load_average"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
                Console.WriteLine(JsonSerializer.Serialize(line));
            }
        }

        await ((IAsyncDisposable)engine).DisposeAsync();
    }

    /// <summary>The whole 256 slice through the bare network, in HU (what the plugin does for a slice up to its tile).</summary>
    private static float[] Denoise(nn.Module<Tensor, Tensor> net, float[] hu)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var copy = (float[])hu.Clone();
        DenoisingRecipeBase.Window.Normalize(copy);
        var output = net.call(tensor(copy, [1, 1, BenchSlices.Size, BenchSlices.Size])).data<float>().ToArray();
        var window = DenoisingRecipeBase.Window;
        return [.. output.Select(v => (float)((v * window.WindowWidth) + window.WindowCenter - (window.WindowWidth / 2)))];
    }

    /// <summary>The engine's probe on the plugin's crop of a 256 x 256 slice: the centre 96 x 96 square, windowed to [0, 1].</summary>
    internal static async Task<double> ChangeAsync(IInferenceEngine engine, IModelHandle model, float[] hu)
    {
        var side = DenoisingPlugin.ProbeSide;
        var top = (BenchSlices.Size - side) / 2;
        var crop = new float[side * side];
        for (var r = 0; r < side; r++)
        {
            var row = hu.AsSpan(((top + r) * BenchSlices.Size) + top, side).ToArray();
            DenoisingRecipeBase.Window.Normalize(row);
            row.CopyTo(crop, r * side);
        }

        using var input = tensor(crop, [1, side, side]);
        var report = await engine.ProbeAsync(model, input, InferencePriority.Routine, CancellationToken.None);
        return 1 - report.Agreement;
    }

    /// <summary>classical_filters.py's PSNR: the soft-tissue window −160..240 HU over the body (truth above −900 HU).</summary>
    private static double Psnr(float[] image, float[] truth)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            if (truth[i] > -900)
            {
                var d = Math.Clamp(image[i], -160.0, 240.0) - Math.Clamp(truth[i], -160.0, 240.0);
                sum += d * d;
                n++;
            }
        }

        return 10 * Math.Log10(400.0 * 400.0 / (sum / n));
    }

    private static double StandardError(List<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) / values.Count);
    }
}
