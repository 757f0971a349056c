using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.ChestCt;
using RadCnn.Training.Recipes;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Training;

/// <summary>
/// What the two nodule recipes share: three classes (not a nodule, benign, malignant) on candidates
/// from the plugin's own detector, the phantoms (the standard chest CT generator, split by scan), a
/// folder reader for labelled series, and the hyper-parameters.
/// </summary>
public abstract class NoduleRecipeBase : ITrainingRecipe
{
    /// <summary>Phantom scans generated when no data directory is given (split by scan 70/15/15).</summary>
    public const int PhantomCount = 100;

    public abstract string Task { get; }

    public abstract string Description { get; }

    public TrainingTaskKind Kind => TrainingTaskKind.MultiClassClassification;

    public abstract InputSpec Input { get; }

    public IReadOnlyList<string> ClassNames { get; } = ["not a nodule", "benign nodule", "malignant nodule"];

    public abstract string Architecture { get; }

    public virtual TrainingHyperParameters Defaults => BaseHyperParameters;

    /// <summary>The hyper-parameters every nodule recipe starts from; a variant recipe changes only what it studies.</summary>
    protected static TrainingHyperParameters BaseHyperParameters { get; } = new()
    {
        Epochs = 18,
        BatchSize = 32,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 2e-3,
        WeightDecay = 1e-4,
        Schedule = LearningRateSchedule.Cosine,
        EarlyStoppingPatience = 6,
        Loss = LossKind.CrossEntropy,

        // The shared trainer's adversarial examples, crafted on the model in evaluation mode (the network the
        // engine's FGSM probe attacks at 0.02 in the 0..1 window), from a random start, with epsilon ramped over
        // the first epochs and the kept epoch chosen on the mean of clean and attacked validation loss.
        Adversarial = new AdversarialTraining { Epsilon = 0.03, RandomStart = true, Fraction = 0.5, RampEpochs = 2, InputRange = (0, 1) },

        // A fine-tune must move the decision surface, not only polish it (the toolkit's default is 0.1).
        FineTuneLearningRateFactor = 0.5,
        Augmentation = new AugmentationOptions
        {
            HorizontalFlipProbability = 0.5,
            VerticalFlipProbability = 0.5,
            MaxRotationDegrees = 15,
            ContrastJitter = 0.05,
            BrightnessJitter = 0.03,
        },
    };

    public abstract IReadOnlyList<string> EarlyLayers { get; }

    internal abstract bool ThreeD { get; }

    /// <summary>Planes of a 2D multi-view recipe (3 or 9); not used by the 3D one.</summary>
    internal virtual int Views => 3;

    /// <summary>
    /// The phantoms' matrix (the same field of view, 0.6-0.9 mm per pixel at 512, on this many pixels) and
    /// slices (the slice spacing is drawn per case; the count only sets the covered length). The default
    /// 128×128×64 keeps training fast; a finer matrix carries the nodules' morphology into the patches,
    /// which are cut in mm.
    /// </summary>
    internal virtual int PhantomSize => 128;

    internal virtual int PhantomSlices => 64;

    /// <summary>Phantom scans this recipe draws when no data directory is given (<see cref="PhantomCount"/> unless a variant says otherwise).</summary>
    internal virtual int PhantomScans => PhantomCount;

    /// <summary>The 3D recipes' patch geometry (the shipped 20/32/48 mm at 16³ unless a recipe says otherwise).</summary>
    internal virtual Patch3dGeometry Geometry3d => PatchExtractor.Geometry3d;

    /// <summary>The generator of the training phantoms (the standard style at this recipe's matrix).</summary>
    internal ChestCtGenerator PhantomGenerator => new(ChestCtStyle.Standard, PhantomSize, PhantomSlices);

    public abstract nn.Module<Tensor, Tensor> CreateModel();

    public TrainingData LoadData(string? dataDirectory, int seed)
    {
        if (dataDirectory is not null)
        {
            return new TrainingData(LabelledSeriesFolder.Load(dataDirectory, ThreeD, seed, Views, Geometry3d), $"CT series and nodules.csv from {Path.GetFileName(Path.GetFullPath(dataDirectory))}, candidates from the plugin's detector");
        }

        var generator = PhantomGenerator;
        var samples = Enumerable.Range(0, PhantomScans)
            .AsParallel().AsOrdered()
            .SelectMany(i =>
            {
                var phantom = generator.Generate(seed, i);
                return CandidateSamples.FromScan(CtVolume.From(phantom), CandidateSamples.Truth(phantom), phantom.Id, phantom.PatientKey, ThreeD, seed, Views, Geometry3d);
            })
            .ToList();
        return new TrainingData(samples, FormattableString.Invariant($"{PhantomScans} synthetic chest CT scans (ChestCtGenerator standard, seed {seed}, {generator.Size}x{generator.Size}x{generator.Slices}); samples are detector candidates (up to {CandidateSamples.NegativesPerScan} non-nodules per scan) and each nodule's centre with two shifted copies, generated in memory"));
    }
}
