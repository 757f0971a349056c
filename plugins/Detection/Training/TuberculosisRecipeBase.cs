using RadCnn.Plugins.Detection.Models;
using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms;
using RadCnn.Training.Recipes;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Detection.Training;

/// <summary>
/// What the three detection tasks share: the input (1x96x96, per-image z-score after the modality
/// rescale, MONOCHROME1 inverted, aspect kept with padding), the phantoms, the hyper-parameters and
/// the one weight file holding both members. The tasks differ only in which output they read.
/// </summary>
/// <remarks>
/// The phantoms are mostly domain-randomised (other detectors, aspects, exposures, noise textures, tone
/// curves, grids, markers, collimation) with a share of the default ones, prepared exactly as the
/// plugin prepares a radiograph; half of every batch is replaced by its FGSM example at ε = 0.04 (the
/// engine probes at 0.02), and the decision threshold comes from the validation split (Youden).
/// </remarks>
public abstract class TuberculosisRecipeBase : ITrainingRecipe
{
    /// <summary>Network input side in pixels.</summary>
    public const int ImageSize = 96;

    /// <summary>Phantoms generated when no data directory is given (split by patient 70/15/15).</summary>
    public const int PhantomCount = RandomizedPhantoms + DefaultPhantoms;

    /// <summary>Domain-randomised phantoms among them.</summary>
    public const int RandomizedPhantoms = 480;

    /// <summary>Phantoms of the default generator among them (its own seed stream: seed + 1000).</summary>
    public const int DefaultPhantoms = 160;

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
        Adversarial = new AdversarialTraining { Epsilon = 0.04, Steps = 1, Fraction = 0.5 },
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

        var randomized = new ChestRadiographGenerator(size: PhantomSize, randomization: RadiographDomainRandomization.Wide);
        var plain = new ChestRadiographGenerator(size: PhantomSize);
        var cases = Enumerable.Range(0, RandomizedPhantoms).Select(i => (Generator: randomized, Seed: seed, Index: i))
            .Concat(Enumerable.Range(0, DefaultPhantoms).Select(i => (Generator: plain, Seed: seed + 1000, Index: i)));
        var samples = cases.AsParallel().AsOrdered().Select(c => PhantomSamples.FromCase(c.Generator.Generate(c.Seed, c.Index), Input)).ToArray();
        return new TrainingData(samples, FormattableString.Invariant($"{PhantomCount} synthetic chest radiographs: {RandomizedPhantoms} domain-randomised (ChestRadiographGenerator with RadiographDomainRandomization.Wide, seed {seed}) and {DefaultPhantoms} default (seed {seed + 1000}), {PhantomSize} px rows, prepared as the plugin prepares a radiograph ({ImageSize} px, aspect kept), {plain.TuberculosisFraction:P0} tuberculosis, generated in memory"));
    }
}
