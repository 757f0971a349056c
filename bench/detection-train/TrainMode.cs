using System.Globalization;
using System.Text.Json;
using RadCnn.Plugins.Detection.Training;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms;
using RadCnn.Training.Recipes;
using RadCnn.Training.Robustness;
using RadCnn.Training.Sessions;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Bench.DetectionTraining;

/// <summary>
/// `train` keys (defaults): out (runs/cand), from (none: fresh weights), seed (11), epochs (6; 0 with from only
/// fits the decision and input profile), lr (2e-3), ftFactor (0.25, learning-rate factor with from), patience
/// (0: no early stop), adv (true), eps (0.04), steps (1), fraction (0.5), randomStart (true), beta (0: Madry
/// mixing; above 0: TRADES), ramp (0), randomized (240) and default (160) phantom counts, randomization
/// (wide or processed).
/// </summary>
internal static class TrainMode
{
    public static void Run(string[] args)
    {
        var kv = args.Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);
        string S(string k, string d) => kv.TryGetValue(k, out var v) ? v : d;
        double D(string k, double d) => double.Parse(S(k, d.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        int I(string k, int d) => int.Parse(S(k, d.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var inner = new DetectionRecipe();
        var beta = D("beta", 0);
        var adversarial = new AdversarialTraining
        {
            Epsilon = D("eps", 0.04),
            Steps = I("steps", 1),
            Fraction = D("fraction", 0.5),
            RandomStart = S("randomStart", "true") == "true",
            TradesBeta = beta > 0 ? beta : null,
            RampEpochs = I("ramp", 0),
        };
        var hp = inner.Defaults with
        {
            Epochs = Math.Max(1, I("epochs", 6)),
            LearningRate = D("lr", 2e-3),
            FineTuneLearningRateFactor = D("ftFactor", 0.25),
            EarlyStoppingPatience = I("patience", 0),
            Adversarial = S("adv", "true") == "true" ? adversarial : null,
        };
        var recipe = new Wrapped(inner, hp, I("randomized", 240), I("default", 160), S("randomization", "wide") == "processed" ? RadiographDomainRandomization.WideProcessed : RadiographDomainRandomization.Wide);
        var request = new TrainRequest
        {
            OutputDirectory = S("out", "runs/cand"),
            Seed = I("seed", 11),
            Epochs = I("epochs", 6),
            FromWeights = kv.TryGetValue("from", out var f) ? f : null,
            Command = "bench/detection-train " + string.Join(' ', args),
        };
        var session = new TrainingSession(TimeProvider.System);
        var report = session.Train(recipe, request, new Progress(), CancellationToken.None);
        Console.WriteLine("done " + JsonSerializer.Serialize(report.Outcome.History.Count));
    }

    private sealed class Progress : ITrainingProgress
    {
        private readonly DateTime start = DateTime.UtcNow;

        public void Started(string task, int firstEpoch, int epochs, int batchesPerEpoch) => Console.WriteLine($"started {task} {firstEpoch}/{epochs} batches {batchesPerEpoch}");

        public void BatchCompleted(int epoch, int batch, double loss)
        {
            if (batch % 10 == 0)
            {
                Console.WriteLine($"  e{epoch} b{batch} loss {loss:F4} t {(DateTime.UtcNow - start).TotalSeconds:F0}s");
            }
        }

        public void EpochCompleted(EpochRecord record) => Console.WriteLine("epoch " + JsonSerializer.Serialize(record) + $" t {(DateTime.UtcNow - start).TotalSeconds:F0}s");

        public void Message(string text) => Console.WriteLine("msg " + text);
    }

    private sealed class Wrapped(DetectionRecipe inner, TrainingHyperParameters hp, int randomizedCount, int defaultCount, RadiographDomainRandomization randomization) : ITrainingRecipe
    {
        public string Task => inner.Task;

        public string Description => inner.Description;

        public TrainingTaskKind Kind => inner.Kind;

        public InputSpec Input => inner.Input;

        public IReadOnlyList<string> ClassNames => inner.ClassNames;

        public string Architecture => inner.Architecture;

        public TrainingHyperParameters Defaults => hp;

        public IReadOnlyList<string> EarlyLayers => inner.EarlyLayers;

        public nn.Module<Tensor, Tensor> CreateModel() => inner.CreateModel();

        public TrainingData LoadData(string? dataDirectory, int seed)
        {
            var randomized = new ChestRadiographGenerator(size: TuberculosisRecipeBase.PhantomSize, randomization: randomization);
            var plain = new ChestRadiographGenerator(size: TuberculosisRecipeBase.PhantomSize);
            var cases = Enumerable.Range(0, randomizedCount).Select(i => (Generator: randomized, Seed: seed, Index: i))
                .Concat(Enumerable.Range(0, defaultCount).Select(i => (Generator: plain, Seed: seed + 1000, Index: i)));
            var samples = cases.AsParallel().AsOrdered().Select(c => PhantomSamples.FromCase(c.Generator.Generate(c.Seed, c.Index), Input)).ToArray();
            return new TrainingData(samples, FormattableString.Invariant($"{randomizedCount + defaultCount} synthetic chest radiographs: {randomizedCount} domain-randomised ({(randomization.EdgeEnhancementProbability > 0 ? "WideProcessed" : "Wide")}, seed {seed}) and {defaultCount} default (seed {seed + 1000})"));
        }
    }
}
