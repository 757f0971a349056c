using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Models;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Recipes;

/// <summary>
/// The toolkit's own demonstration task, "cxr-demo": a small CNN telling normal chest radiograph
/// phantoms from tuberculosis ones. It exercises every part of the toolkit without a plugin; the real
/// tuberculosis detector (an ensemble of two architectures) is the Detection plugin's recipe.
/// </summary>
public sealed class ChestRadiographDemoRecipe : ITrainingRecipe
{
    private readonly int phantomCount;
    private readonly int width;

    public ChestRadiographDemoRecipe()
        : this(imageSize: 64, phantomCount: 320, width: 8)
    {
    }

    /// <param name="imageSize">Network input side in pixels.</param>
    /// <param name="phantomCount">Cases generated when no data directory is given.</param>
    /// <param name="width">Channels of the first conv block (doubling per block).</param>
    /// <param name="defaults">Hyper-parameters; null takes the recipe's.</param>
    public ChestRadiographDemoRecipe(int imageSize, int phantomCount, int width, TrainingHyperParameters? defaults = null)
    {
        this.phantomCount = phantomCount;
        this.width = width;
        Input = new InputSpec(1, imageSize, imageSize, NormalizationKind.PerImageZScore);
        Defaults = defaults ?? new TrainingHyperParameters
        {
            Epochs = 20,
            BatchSize = 16,
            Optimizer = OptimizerKind.Adam,
            LearningRate = 3e-3,
            WeightDecay = 1e-4,
            Schedule = LearningRateSchedule.Cosine,
            EarlyStoppingPatience = 6,
            Loss = LossKind.CrossEntropy,
            Augmentation = AugmentationOptions.Radiograph,
        };
    }

    public string Task => "cxr-demo";

    public string Description => "Demonstration: normal vs tuberculosis on synthetic chest radiographs (not for clinical use).";

    public TrainingTaskKind Kind => TrainingTaskKind.BinaryClassification;

    public InputSpec Input { get; }

    public IReadOnlyList<string> ClassNames { get; } = ["normal", "tuberculosis"];

    public string Architecture => FormattableString.Invariant($"TinyClassifier: 3 conv blocks ({width}-{width * 2}-{width * 4}, 3x3, batch norm, ReLU, max pool), global average + max pool, dropout 0.25, linear to 2 logits");

    public TrainingHyperParameters Defaults { get; }

    public IReadOnlyList<string> EarlyLayers => TinyClassifier.EarlyLayers;

    public nn.Module<Tensor, Tensor> CreateModel() => new TinyClassifier(Input.Channels, ClassNames.Count, width);

    public TrainingData LoadData(string? dataDirectory, int seed)
    {
        if (dataDirectory is not null)
        {
            return LabelledDicomFolder.Load(dataDirectory, new LabelledFolderOptions(Input, ClassNames, TrainingTaskKind.BinaryClassification));
        }

        var generator = new ChestRadiographGenerator(size: Math.Max(64, Input.Height * 2));
        var samples = PhantomSamples.Generate(generator, phantomCount, seed, Input);
        return new TrainingData(samples, FormattableString.Invariant($"{phantomCount} synthetic chest radiographs (ChestRadiographGenerator, seed {seed}, {generator.Size} px resampled to {Input.Height} px, {generator.TuberculosisFraction:P0} tuberculosis), generated in memory"));
    }
}
