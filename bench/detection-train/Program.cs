using System.Globalization;
using System.Text.Json;
using RadCnn.Plugins.Detection.Training;
using RadCnn.Training.Data;
using RadCnn.Training.Decisions;
using RadCnn.Training.Models;
using RadCnn.Training.Phantoms;
using TorchSharp;
using static TorchSharp.torch;

// probe N SEED MODEL...  : for each model folder (model.bin + model.json) or bare .bin (decided at 0.5), on N
//                          default phantoms and N second-generator radiographs of SEED: the clean margin |z| of
//                          the validated decision, the L1 norm of its input gradient, their ratio at epsilon 0.02,
//                          AUC, sensitivity/specificity and the FGSM flip share at several epsilons, as the
//                          engine's probe perturbs (prepared, z-scored input, no clamp); the same for the raw 0.5
//                          cut; with FULL=1 also per member, the training-mode versus evaluation-mode attack
//                          direction and the share of all-zero training-loss gradients.
// train key=value...     : TrainingSession on the detection recipe with hyper-parameters, phantom counts and
//                          randomisation overridden (see TrainMode.cs for the keys).
torch.set_num_threads(1);
if (args[0] == "train")
{
    RadCnn.Bench.DetectionTraining.TrainMode.Run(args.Skip(1).ToArray());
    return;
}

var n = int.Parse(args[1], CultureInfo.InvariantCulture);
var seed = int.Parse(args[2], CultureInfo.InvariantCulture);
var recipe = new DetectionRecipe();
var plain = new ChestRadiographGenerator(size: TuberculosisRecipeBase.PhantomSize);
var alt = new AlternateChestRadiographGenerator(size: TuberculosisRecipeBase.PhantomSize);
float[] Stack(IEnumerable<TrainingSample> s) => s.SelectMany(x => x.Pixels).ToArray();
var ph = Enumerable.Range(0, n).Select(i => PhantomSamples.FromCase(plain.Generate(seed, i), recipe.Input)).ToList();
var al = Enumerable.Range(0, n).Select(i => PhantomSamples.FromCase(alt.Generate(seed, i), recipe.Input)).ToList();
var sets = new[] { ("phantoms", ph), ("alternate", al) };
double[] eps = [0.005, 0.01, 0.02, 0.03, 0.04];
var full = Environment.GetEnvironmentVariable("FULL") == "1";

foreach (var folder in args.Skip(3))
{
    var isFile = File.Exists(folder);
    var policy = new DecisionPolicy { Temperature = 1, Threshold = 0.5 };
    if (!isFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "model.json")));
        var dec = doc.RootElement.GetProperty("decision");
        policy = new DecisionPolicy { Temperature = dec.GetProperty("temperature").GetDouble(), Threshold = dec.GetProperty("threshold").GetDouble() };
    }

    var bytes = File.ReadAllBytes(isFile ? folder : Path.Combine(folder, "model.bin"));
    var res = new Dictionary<string, object> { ["model"] = folder, ["T"] = policy.Temperature, ["thr"] = policy.Threshold };
    foreach (var (name, samples) in sets)
    {
        using var scope = NewDisposeScope();
        var x = tensor(Stack(samples), new long[] { samples.Count, 1, 96, 96 });
        var labels = samples.Select(s => s.Label).ToArray();
        var r = new Dictionary<string, object>();
        foreach (var (mname, net) in new (string, nn.Module<Tensor, Tensor>)[] { ("ensemble", new DetectionRecipe().CreateModel()), ("alexnet", new DetectionAlexNetRecipe().CreateModel()), ("inception", new DetectionInceptionRecipe().CreateModel()) }.Take(full ? 3 : 1))
        {
            ModuleWeights.Load(net, bytes);
            var decision = mname == "ensemble" ? policy : new DecisionPolicy { Temperature = 1, Threshold = 0.5 };
            using var dm = new DecisionModule(net, decision);
            dm.eval();
            var m = Measure(dm, x, labels);
            r[mname] = m;
            if (mname == "ensemble")
            {
                // the same ensemble, decided at the raw 0.5 cut (no temperature, no threshold shift)
                using var net2 = new DetectionRecipe().CreateModel();
                ModuleWeights.Load(net2, bytes);
                using var raw = new DecisionModule(net2, new DecisionPolicy { Temperature = 1, Threshold = 0.5 });
                raw.eval();
                r["ensemble_raw05"] = Measure(raw, x, labels);
                // (b): direction crafted in train mode (batch stats, dropout), as the trainer crafts, applied to the eval-mode decision
                if (name == "phantoms" && full)
                {
                    using var net3 = new DetectionRecipe().CreateModel();
                    ModuleWeights.Load(net3, bytes);
                    r["trainmode_direction"] = TrainModeDirection(net3, dm, x, labels, bytes);
                    r["training_loss_zero_grad_share"] = ZeroGrad(net3, bytes, x, labels);
                }
            }
        }

        res[name] = r;
    }

    Console.WriteLine(JsonSerializer.Serialize(res));
}

Dictionary<string, object> Measure(DecisionModule dm, Tensor x, int[] labels)
{
    using var scope = NewDisposeScope();
    Tensor z, g;
    using (enable_grad())
    {
        var xg = x.clone().requires_grad_(true);
        var out1 = dm.call(xg);
        z = out1[.., 1] - out1[.., 0];
        g = torch.autograd.grad([z.sum()], [xg])[0];
        z = z.detach();
    }

    var sgn = z.sign().where(z != 0, ones_like(z)).reshape(-1, 1, 1, 1);
    var dir = -(g.sign()) * sgn; // decrease own margin, as the probe's CE on its own decision
    var zeroShare = (g == 0).to(ScalarType.Float32).mean().item<float>();
    var l1 = g.abs().flatten(1).sum(1);
    var zs = z.data<float>().ToArray();
    var absz = zs.Select(Math.Abs).OrderBy(v => v).ToArray();
    var lin = l1.data<float>().ToArray();
    var r = new Dictionary<string, object>();
    double Q(double[] a, double q) => a[(int)Math.Min(a.Length - 1, Math.Floor(q * a.Length))];
    r["abs_z_q10_q50_q90"] = new[] { Q(absz.Select(v => (double)v).ToArray(), 0.1), Q(absz.Select(v => (double)v).ToArray(), 0.5), Q(absz.Select(v => (double)v).ToArray(), 0.9) }.Select(v => Math.Round(v, 3));
    r["share_abs_z_lt_1"] = Math.Round(absz.Count(v => v < 1) / (double)absz.Length, 3);
    var ratio = zs.Select((v, i) => Math.Abs(v) / (0.02 * lin[i])).OrderBy(v => v).ToArray();
    r["margin_over_linear_change_at_0.02_q10_q50_q90"] = new[] { Q(ratio, 0.1), Q(ratio, 0.5), Q(ratio, 0.9) }.Select(v => Math.Round(v, 3));
    r["grad_l1_q50"] = Math.Round(lin.OrderBy(v => v).ElementAt(lin.Length / 2), 2);
    r["grad_zero_share"] = Math.Round(zeroShare, 4);
    var acc = zs.Select((v, i) => (v >= 0 ? 1 : 0) == labels[i] ? 1 : 0).Average();
    r["accuracy"] = Math.Round(acc, 3);
    r["auc"] = Math.Round(RadCnn.Training.Metrics.RocAnalysis.Compute(zs.Select(v => (double)v).ToList(), labels.ToList()).Auc, 4);
    var pos = zs.Where((v, i) => labels[i] == 1).ToArray(); var neg = zs.Where((v, i) => labels[i] == 0).ToArray();
    r["sens_spec"] = new[] { Math.Round(pos.Count(v => v >= 0) / (double)pos.Length, 3), Math.Round(neg.Count(v => v < 0) / (double)neg.Length, 3) };
    var flips = new Dictionary<string, double>();
    using (no_grad())
    {
        foreach (var e in eps)
        {
            var o = dm.call(x + dir * e);
            var zp = (o[.., 1] - o[.., 0]);
            var f = ((zp >= 0) != (z >= 0)).to(ScalarType.Float32).mean().item<float>();
            flips[e.ToString(CultureInfo.InvariantCulture)] = Math.Round(f, 3);
        }
    }

    r["flip_share"] = flips;
    return r;
}

Dictionary<string, object> TrainModeDirection(nn.Module<Tensor, Tensor> net, DecisionModule evalDm, Tensor x, int[] labels, byte[] bytes)
{
    // As AdversarialExamples.Perturb: CE against the true label, the model left in train mode (BN batch statistics, dropout), batches of 8.
    using var scope = NewDisposeScope();
    net.train();
    var dirs = new List<Tensor>();
    var y = tensor(labels.Select(l => (long)l).ToArray());
    for (var s = 0; s < x.shape[0]; s += 8)
    {
        var c = (int)Math.Min(8, x.shape[0] - s);
        using (enable_grad())
        {
            var xg = x.narrow(0, s, c).clone().requires_grad_(true);
            var loss = nn.functional.cross_entropy(net.call(xg), y.narrow(0, s, c));
            dirs.Add(torch.autograd.grad([loss], [xg])[0].sign());
        }
    }

    var trainDir = cat(dirs, 0);
    // eval-mode direction against the true label, same loss
    Tensor evalDir;
    using (enable_grad())
    {
        var xg = x.clone().requires_grad_(true);
        var fresh = new DetectionRecipe().CreateModel();
        ModuleWeights.Load(fresh, bytes);
        fresh.eval();
        var loss = nn.functional.cross_entropy(fresh.call(xg), y);
        evalDir = torch.autograd.grad([loss], [xg])[0].sign();
    }

    var agree = (trainDir == evalDir).to(ScalarType.Float32).mean().item<float>();
    var r = new Dictionary<string, object> { ["sign_agreement_with_eval_mode"] = Math.Round(agree, 3) };
    using (no_grad())
    {
        var o0 = evalDm.call(x);
        var z0 = o0[.., 1] - o0[.., 0];
        foreach (var (nm, d) in new[] { ("train_mode_dir", trainDir), ("eval_mode_dir", evalDir) })
        {
            var o = evalDm.call(x + d * 0.02);
            var zp = o[.., 1] - o[.., 0];
            r["decision_flip_share_at_0.02_" + nm] = Math.Round(((zp >= 0) != (z0 >= 0)).to(ScalarType.Float32).mean().item<float>(), 3);
        }
    }

    return r;
}

double ZeroGrad(nn.Module<Tensor, Tensor> net, byte[] bytes, Tensor x, int[] labels)
{
    // (d) share of samples whose training-loss gradient (CE on the ensemble's log-mean, true label) is exactly zero everywhere
    using var scope = NewDisposeScope();
    ModuleWeights.Load(net, bytes);
    net.eval();
    var y = tensor(labels.Select(l => (long)l).ToArray());
    using var _ = enable_grad();
    var xg = x.clone().requires_grad_(true);
    var lossPer = nn.functional.cross_entropy(net.call(xg), y, reduction: nn.Reduction.None);
    var g = torch.autograd.grad([lossPer.sum()], [xg])[0];
    return Math.Round((g.abs().flatten(1).amax(new long[] { 1 }) == 0).to(ScalarType.Float32).mean().item<float>(), 3);
}
