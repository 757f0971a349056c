using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RadCnn.Abstractions.Tensors;
using RadCnn.Plugins.Denoising.Models;
using RadCnn.Plugins.Denoising.Training;
using RadCnn.Training.Phantoms.LowDoseCt;
using static TorchSharp.torch;

namespace RadCnn.Bench.Denoising;

/// <summary>
/// `RadCnn.Bench.Denoising dc-response SLICES SEED DOSE MODEL WEIGHTS...`: where a denoiser's HU bias comes
/// from. For each weights file and generator, over whole held-out slices through the bare network, the mean
/// (in HU) over the uniform regions of: the output minus the truth (the bench's HU bias), the input minus the
/// truth (filtered back-projection's own bias), the output of the noise-free truth minus the truth (the content's
/// part), and the output's mean shift under zero-mean perturbations: the engine probe's one-step attack at
/// epsilon 0.005 and 0.02, and zero-mean white Gaussian noise of SD 0.005 and 0.02 (20 and 80 HU). A network
/// whose noise estimate has a variance-like (second-order) part moves its mean under zero-mean input changes.
/// `patch_bias_hu` and `patch_truth_in_bias_hu` are the bias and the content's part with the slice run as 64 x 64
/// patches one by one (each centred on its own mean, as the training patches are), stitched back.
/// One JSON line per weights file.
/// </summary>
internal static class DcResponse
{
    public static void Run(string[] args)
    {
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var seed = int.Parse(args[2], CultureInfo.InvariantCulture);
        var dose = double.Parse(args[3], CultureInfo.InvariantCulture);
        var modelName = args[4];
        var cases = BenchSlices.OfBoth(dose, seed, count);
        foreach (var weights in args.Skip(5))
        {
            using var net = ModelLoader.Load(modelName, File.ReadAllBytes(weights));
            net.eval();
            var line = new JsonObject { ["weights"] = weights, ["dose"] = dose, ["seed"] = seed };
            foreach (var (name, set) in cases)
            {
                var figures = new Dictionary<string, List<double>>();
                void Add(string key, double value)
                {
                    if (!figures.TryGetValue(key, out var list))
                    {
                        figures[key] = list = [];
                    }

                    list.Add(value);
                }

                foreach (var c in set)
                {
                    using var scope = NewDisposeScope();
                    var x = Normalised(c.LowDose);
                    var t = Normalised(c.Truth);
                    var mask = tensor(c.Anatomy.UniformMask.Select(b => b > 0).ToArray(), [1, 1, BenchSlices.Size, BenchSlices.Size]);
                    Tensor Run(Tensor input)
                    {
                        using var noGrad = no_grad();
                        return net.call(input);
                    }

                    double MeanHu(Tensor image) => image.masked_select(mask).mean().item<float>() * 4000.0;
                    var y = Run(x);
                    Add("bias_hu", MeanHu(y - t));
                    Add("truth_mean_hu", MeanHu(t) - 1000);
                    Add("input_bias_hu", MeanHu(x - t));
                    Add("truth_in_bias_hu", MeanHu(Run(t) - t));

                    // The same through 64 x 64 patches run one by one (as in training: each centred on its own mean,
                    // not the whole slice's), stitched back: whether a level bias is the network's or the centring's.
                    Tensor ByPatches(Tensor input)
                    {
                        const int Side = DenoisingRecipeBase.PatchSize;
                        var rows = new List<Tensor>();
                        for (var r = 0; r < BenchSlices.Size; r += Side)
                        {
                            var row = new List<Tensor>();
                            for (var q = 0; q < BenchSlices.Size; q += Side)
                            {
                                row.Add(Run(input.narrow(2, r, Side).narrow(3, q, Side).contiguous()));
                            }

                            rows.Add(cat(row, 3));
                        }

                        return cat(rows, 2);
                    }

                    Add("patch_bias_hu", MeanHu(ByPatches(x) - t));
                    Add("patch_truth_in_bias_hu", MeanHu(ByPatches(t) - t));
                    foreach (var epsilon in new[] { 0.005, 0.02 })
                    {
                        var direction = ZeroMeanPerturbation.ProbeDirection(net, x, y, epsilon, (0, 1));
                        var attacked = ZeroMeanPerturbation.Perturb(x, direction, epsilon, (0, 1));
                        var moved = Run(attacked) - y;
                        Add(FormattableString.Invariant($"attack_{epsilon}_dc_hu"), MeanHu(moved));
                        Add(FormattableString.Invariant($"attack_{epsilon}_rel"), moved.norm().item<float>() / y.norm().item<float>());
                        using var noiseGenerator = new Generator(23);
                        var noise = randn(x.shape, generator: noiseGenerator).mul(epsilon);
                        noise = noise - noise.mean();
                        Add(FormattableString.Invariant($"noise_{epsilon}_dc_hu"), MeanHu(Run(x + noise) - y));
                        Add(FormattableString.Invariant($"noise_{epsilon}_truth_dc_hu"), MeanHu(Run(t + noise) - Run(t)));
                    }
                }

                var node = new JsonObject();
                foreach (var (key, values) in figures)
                {
                    node[key] = Math.Round(values.Average(), key.EndsWith("rel", StringComparison.Ordinal) ? 4 : 2);
                    if (key is "bias_hu" or "truth_mean_hu")
                    {
                        node[key + "_by_slice"] = new JsonArray(values.Select(v => (JsonNode)Math.Round(v, 1)).ToArray());
                    }

                    if (key == "bias_hu")
                    {
                        node["bias_max_abs_hu"] = Math.Round(values.Max(Math.Abs), 2);
                    }
                }

                line[name] = node;
            }

            // A noise-free uniform 128 x 128 image of each HU value: what the network adds to it (centre 32 x 32).
            var flat = new JsonObject();
            foreach (var hu in new[] { -100, 0, 15, 30, 50, 70, 100, 200 })
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var value = (hu + 1000) / 4000f;
                var output = net.call(full(1, 1, 128, 128, value)).narrow(2, 48, 32).narrow(3, 48, 32);
                flat[hu.ToString(CultureInfo.InvariantCulture)] = Math.Round((output.mean().item<float>() - value) * 4000.0, 2);
            }

            line["flat_output_minus_input_hu"] = flat;

            Console.WriteLine(JsonSerializer.Serialize(line));
        }
    }

    private static Tensor Normalised(float[] hu)
    {
        var copy = (float[])hu.Clone();
        DenoisingRecipeBase.Window.Normalize(copy);
        return tensor(copy, [1, 1, BenchSlices.Size, BenchSlices.Size]);
    }
}
