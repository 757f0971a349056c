using RadCnn.Abstractions.Tensors;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;
using RadCnn.Training.Reporting;
using RadCnn.Training.Robustness;
using RadCnn.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests.Robustness;

/// <summary>The trainer gives an image-restoration recipe the engine probe's zero-mean examples, not the classifiers' ones.</summary>
[Collection(TorchRandomCollection.Name)]
public class ImageAdversarialTrainingTests
{
    private const double Epsilon = 0.03;

    [Fact]
    public void An_image_task_trains_on_zero_mean_perturbations_of_its_inputs()
    {
        using var dir = new TempDirectory();
        var recipe = new BrighteningRecipe();
        var data = PatientSplit.Split(recipe.LoadData(null, 1).Samples, recipe.Defaults.Split, 1);

        new Trainer(recipe, new TrainingOptions { Seed = 1, HyperParameters = recipe.Defaults }, NullProgress.Instance).Run(data, dir.Path);

        // Every training-mode input is an adversarial example (fraction 1): find the clean sample it was made from.
        Assert.NotEmpty(recipe.Seen);
        var clean = data.Train.Select(s => s.Pixels).ToList();
        foreach (var seen in recipe.Seen)
        {
            var source = clean.Single(c => MaxDifference(c, seen) <= Epsilon + 1e-5);
            Assert.InRange(MaxDifference(source, seen), Epsilon * 0.9, Epsilon + 1e-5);

            // The target is the input brightened by 0.1, so the squared error's gradient has one sign nearly
            // everywhere: the unconstrained example was a shift of about epsilon, this one is centred.
            var shift = seen.Average() - source.Average();
            Assert.True(Math.Abs(shift) < 1e-5, $"the perturbation's mean is {shift}");
        }
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));

    /// <summary>Output = input + a learned 3 x 3 correction; training-mode inputs are recorded.</summary>
    private sealed class Recording : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Conv2d conv;
        private readonly List<float[]> seen;

        public Recording(List<float[]> seen)
            : base(nameof(Recording))
        {
            this.seen = seen;
            conv = nn.Conv2d(1, 1, 3, padding: 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            if (training)
            {
                for (var i = 0; i < input.shape[0]; i++)
                {
                    seen.Add(input[i].detach().flatten().data<float>().ToArray());
                }
            }

            return input.Plus(conv.call(input));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                conv.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A 16 x 16 image-restoration task: random images in 0.2-0.8, target the image brightened by 0.1.</summary>
    private sealed class BrighteningRecipe : ITrainingRecipe
    {
        public List<float[]> Seen { get; } = [];

        public string Task => "brightening";

        public string Description => "test";

        public TrainingTaskKind Kind => TrainingTaskKind.ImageRestoration;

        public InputSpec Input { get; } = new(1, 16, 16, NormalizationKind.Window, 0.5, 1);

        public IReadOnlyList<string> ClassNames { get; } = [];

        public string Architecture => "input + 3x3 convolution";

        public TrainingHyperParameters Defaults { get; } = new()
        {
            Epochs = 1,
            BatchSize = 8,
            LearningRate = 1e-3,
            EarlyStoppingPatience = 0,
            Loss = LossKind.MeanSquaredError,
            Split = new SplitFractions(0.25, 0.2),
            Adversarial = new AdversarialTraining { Epsilon = Epsilon, Fraction = 1, InputRange = (0, 1) },
        };

        public IReadOnlyList<string> EarlyLayers { get; } = [];

        public nn.Module<Tensor, Tensor> CreateModel() => new Recording(Seen);

        public TrainingData LoadData(string? dataDirectory, int seed)
        {
#pragma warning disable CA5394 // seeded test data, not security
            var random = new Random(seed);
            var samples = Enumerable.Range(0, 40).Select(i =>
            {
                var pixels = Enumerable.Range(0, 256).Select(_ => (float)(0.2 + (0.6 * random.NextDouble()))).ToArray();
                return new TrainingSample { Id = $"s{i}", PatientKey = $"p{i}", Pixels = pixels, Channels = 1, Height = 16, Width = 16, Target = pixels.Select(p => p + 0.1f).ToArray() };
            }).ToList();
#pragma warning restore CA5394
            return new TrainingData(samples, "random images");
        }
    }
}
