using RadCnn.Plugins.Detection.Models;
using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms;
using RadCnn.Training.Recipes;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Detection.Training;

/// <summary>
/// What the three detection tasks share: the input (1x96x96, per-image z-score after the modality
/// rescale, MONOCHROME1 inverted, aspect kept with padding), the phantoms, the hyper-parameters and
/// the one weight file holding both members. The tasks differ only in which output they read.
/// </summary>
public abstract class TuberculosisRecipeBase : ITrainingRecipe
{
    /// <summary>Network input side in pixels.</summary>
    public const int ImageSize = 96;

    /// <summary>Phantoms generated when no data directory is given (split by patient 70/15/15).</summary>
    public const int PhantomCount = 480;

    /// <summary>Side of the generated phantoms before resampling.</summary>
    public const int PhantomSize = 192;

    public abstract string Task { get; }

    public abstract string Description { get; }

    public TrainingTaskKind Kind => TrainingTaskKind.BinaryClassification;

    public InputSpec Input { get; } = new(1, ImageSize, ImageSize, NormalizationKind.PerImageZScore);

    public IReadOnlyList<string> ClassNames { get; } = ["normal", "tuberculosis"];

    public string Architecture =>
        "Ensemble (mean of softmax probabilities) of AlexNet-style (conv 7x7/2-16, 5x5-32, 3x3-48-48-32, BN, max pool, FC 512-64-2, dropout 0.4) "
        + "and Inception-style (stem 5x5/2-16, 2 inception blocks 1x1|3x3|double 3x3|pool-1x1 to 32 and 64 channels, BN, global average pool, dropout 0.4, linear 64-2); "
        + "input 1x96x96, aspect kept with padding, per-image z-score";

    public TrainingHyperParameters Defaults { get; } = new()
    {
        Epochs = 14,
        BatchSize = 16,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 2e-3,
        WeightDecay = 1e-4,
        Schedule = LearningRateSchedule.Cosine,
        EarlyStoppingPatience = 5,
        Loss = LossKind.CrossEntropy,
        Augmentation = AugmentationOptions.Radiograph,
    };

    public IReadOnlyList<string> EarlyLayers => TuberculosisEnsemble.EarlyLayers;

    internal abstract EnsembleOutput Output { get; }

    public nn.Module<Tensor, Tensor> CreateModel() => new TuberculosisEnsemble(Output);

    public TrainingData LoadData(string? dataDirectory, int seed)
    {
        if (dataDirectory is not null)
        {
            return LabelledDicomFolder.Load(dataDirectory, new LabelledFolderOptions(Input, ClassNames, TrainingTaskKind.BinaryClassification));
        }

        var generator = new ChestRadiographGenerator(size: PhantomSize);
        var samples = PhantomSamples.Generate(generator, PhantomCount, seed, Input);
        return new TrainingData(samples, FormattableString.Invariant($"{PhantomCount} synthetic chest radiographs (ChestRadiographGenerator, seed {seed}, {PhantomSize} px resampled to {ImageSize} px, {generator.TuberculosisFraction:P0} tuberculosis), generated in memory"));
    }
}
