using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.AbdomenCt;
using RadCnn.Training.Recipes;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// What the CT segmentation tasks share: a small 3D U-Net trained with Dice + binary cross entropy on
/// patches cut by <see cref="PatchSampler"/> from abdominal CT phantoms (generated in memory) or from a
/// folder of CT series with their DICOM SEG. A patch of D×H×W voxels travels through the shared trainer
/// as a [D·H, W] stack (the network reshapes it), so the trainer, checkpoints, plots and model card are
/// the toolkit's own.
/// </summary>
public abstract class CtSegmentationRecipeBase : ITrainingRecipe
{
    /// <summary>Phantoms generated when no data directory is given (split by case 70/15/15).</summary>
    public const int PhantomCount = 40;

    /// <summary>Base channel count of the U-Net (c, 2c, 4c, 8c).</summary>
    public const int BaseChannels = 8;

    /// <summary>Base channel count of this recipe's network; <see cref="BaseChannels"/> unless a wider candidate overrides it.</summary>
    public virtual int NetworkBaseChannels => BaseChannels;

    /// <summary>Whether this recipe's network has the full-resolution residual blocks (<see cref="UNet3D.RefinesFullResolution"/>); the shipped networks do not.</summary>
    public virtual bool RefineFullResolution => false;

    public abstract string Task { get; }

    public abstract string Description { get; }

    public TrainingTaskKind Kind => TrainingTaskKind.Segmentation;

    public InputSpec Input => new(1, Stage.Patch.Depth * Stage.Patch.Height, Stage.Patch.Width, NormalizationKind.Window, Stage.WindowCenter, Stage.WindowWidth);

    public IReadOnlyList<string> ClassNames { get; } = [];

    public string Architecture => FormattableString.Invariant(
        $"3D U-Net, 4 levels ({NetworkBaseChannels}-{2 * NetworkBaseChannels}-{4 * NetworkBaseChannels}-{8 * NetworkBaseChannels} channels, 3x3x3 conv + BN + ReLU, max pool, transposed conv, skip concatenation{(RefineFullResolution ? ", two residual blocks of two 3x3x3 conv at full resolution" : string.Empty)}), one logit per voxel; patch {Stage.Patch.Depth}x{Stage.Patch.Height}x{Stage.Patch.Width} at {Stage.Spacing.Z}x{Stage.Spacing.Y}x{Stage.Spacing.X} mm, HU window {Stage.WindowCenter}/{Stage.WindowWidth}");

    public virtual TrainingHyperParameters Defaults { get; } = Base;

    /// <summary>What every CT segmentation task starts from.</summary>
    protected static TrainingHyperParameters Base { get; } = new()
    {
        Epochs = 12,
        BatchSize = 4,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 3e-3,
        WeightDecay = 1e-5,
        Schedule = LearningRateSchedule.Cosine,
        EarlyStoppingPatience = 0,
        Loss = LossKind.DiceBinaryCrossEntropy,
        Augmentation = AugmentationOptions.None,
    };

    public IReadOnlyList<string> EarlyLayers { get; } = ["enc1."];

    /// <summary>Patches cut per case.</summary>
    public virtual int PatchesPerCase => 4;

    /// <summary>Phantoms generated when no data directory is given.</summary>
    public virtual int Phantoms => PhantomCount;

    /// <summary>Whether patches go through <see cref="CtIntensityAugmentation"/> (other contrast phases, more noise).</summary>
    public virtual bool AugmentIntensity => false;

    /// <summary>With <see cref="AugmentIntensity"/>: whether half the curved patches also get extra noise of up to 25 HU.</summary>
    internal virtual bool AugmentNoise => true;

    /// <summary>Turns a 10-30 mm mass gets among the mass-centred patches (<see cref="PatchSampler"/>); 1 treats every mass alike.</summary>
    internal virtual int SmallMassTurns => 1;

    /// <summary>
    /// Whether mass-centred patches hold their mass anywhere in the patch's middle rather than at its centre (<see cref="PatchSampler"/>).
    /// Measured for the mass recipe and not adopted (README, small masses): the fine-tune scored lower on validation phantoms.
    /// </summary>
    internal virtual bool MassOffCentre => false;

    /// <summary>
    /// Noise scales (<see cref="AbdomenCtGenerator.NoiseScale"/>) the generated phantoms of the training split take in turn;
    /// validation and test cases stay as generated (1). Only 1 by default: the phantoms as they are.
    /// </summary>
    internal virtual IReadOnlyList<double> TrainingNoiseScales { get; } = [1.0];

    /// <summary>Extra 10-20 mm masses painted into each training-split case's liver (<see cref="SmallMassInsertion"/>); validation and test cases stay as they are. None by default.</summary>
    internal virtual int InsertedSmallMasses => 0;

    /// <summary>Whether targets carry <see cref="PatchSampler.SizeWeight"/>s (for <see cref="LossKind.SizeWeightedDiceBinaryCrossEntropy"/>).</summary>
    internal bool SizeWeightedTargets => Defaults.Loss == LossKind.SizeWeightedDiceBinaryCrossEntropy;

    /// <summary>Whether targets mark each mass of 8 mm or more with its own value (<see cref="PatchSampler.MarkComponents"/>, for <see cref="LossKind.ComponentDiceBinaryCrossEntropy"/>).</summary>
    internal bool MarkedTargets => Defaults.Loss is LossKind.ComponentDiceBinaryCrossEntropy;

    /// <summary>Whether targets are a ball at each mass's centre instead of the mass (<see cref="PatchSampler.CentreBlobs"/>): a mass detector.</summary>
    internal virtual bool CentreBlobTargets => false;

    internal abstract StageSpec Stage { get; }

    internal abstract PatchSampler.Focus Focus { get; }

    public nn.Module<Tensor, Tensor> CreateModel() => new UNet3D(Stage.Patch.Depth, NetworkBaseChannels, RefineFullResolution);

    public TrainingData LoadData(string? dataDirectory, int seed)
    {
        IReadOnlyList<LabelledCt> cases;
        string description;
        if (dataDirectory is not null)
        {
            cases = LabelledCtFolder.Read(dataDirectory);
            description = $"{cases.Count} labelled CT series (CT + DICOM SEG) from a folder";
        }
        else
        {
            var generator = new AbdomenCtGenerator();
            cases = WithNoiseScales(PhantomCases.Generate(generator, Phantoms, seed), TrainingNoiseScales, Defaults.Split, seed, generator);
            description = FormattableString.Invariant($"{Phantoms} synthetic abdominal CT series (AbdomenCtGenerator portal-venous, seed {seed}, {generator.Size}x{generator.Size}x{generator.Slices}), generated in memory");
            description += TrainingNoiseScales is [1.0] ? string.Empty : FormattableString.Invariant($"; the training cases' noise x {string.Join(" / ", TrainingNoiseScales)} in turn, validation and test cases as generated");
        }

        cases = WithInsertedMasses(cases, InsertedSmallMasses, Defaults.Split, seed);
        description += InsertedSmallMasses == 0 ? string.Empty : FormattableString.Invariant($"; {InsertedSmallMasses} extra masses of {SmallMassInsertion.MinimumDiameterMm:0}-{SmallMassInsertion.MaximumDiameterMm:0} mm painted into each training case's liver");
#pragma warning disable CA5394 // seeded patch positions, not security
        var random = new Random(seed);
#pragma warning restore CA5394
        var samples = cases.SelectMany(c => PatchSampler.Sample(c, Stage, Focus, PatchesPerCase, random, AugmentIntensity, SmallMassTurns, SizeWeightedTargets, MassOffCentre, AugmentNoise, MarkedTargets, CentreBlobTargets)).ToList();
        var augmentation = AugmentIntensity ? FormattableString.Invariant($", {1 - CtIntensityAugmentation.UntouchedShare:P0} with a random contrast curve{(AugmentNoise ? " and noise" : " (no extra noise)")}") : string.Empty;
        var validation = WholeCaseValidation(cases);
        var selection = validation is null ? string.Empty : $"; epoch kept by {validation.MetricName} on whole validation cases";
        selection += MassOffCentre ? "; mass patches hold their mass off centre (up to a third of the patch)" : string.Empty;
        selection += SizeWeightedTargets ? FormattableString.Invariant($"; mass voxels weighted in the cross entropy by a 30 mm sphere's size over their mass's (1-{PatchSampler.MaxWeight})") : string.Empty;
        selection += CentreBlobTargets ? FormattableString.Invariant($"; targets: a ball of {PatchSampler.CentreBlobRadiusVoxels} voxels at the centre of each mass of {PatchSampler.MarkedDiameterMm} mm or more") : string.Empty;
        selection += MarkedTargets ? FormattableString.Invariant($"; a soft Dice per mass of {PatchSampler.MarkedDiameterMm} mm or more (over it and the background){RecallTerm(Defaults.ComponentRecallWeight)}{(Defaults.ComponentShellWeight > 0 ? FormattableString.Invariant($", and {Defaults.ComponentShellWeight:0.###} times the mean −log(1 − p) over the background within 3 pixels of it, in-plane") : string.Empty)} added to the loss") : string.Empty;
        return new TrainingData(samples, FormattableString.Invariant($"{description}; {samples.Count} patches of {Stage.Patch.Depth}x{Stage.Patch.Height}x{Stage.Patch.Width} at {Stage.Spacing.Z} mm ({Focus}{augmentation}){selection}"))
        {
            WholeCaseValidation = validation,
        };
    }

    /// <summary>
    /// Phantoms of <paramref name="generator"/> (case i of <paramref name="seed"/> at index i) whose training-split cases (the
    /// split the session makes: by case, <paramref name="split"/>, the seed) are drawn again at <paramref name="scales"/> in turn.
    /// </summary>
    internal static IReadOnlyList<LabelledCt> WithNoiseScales(IReadOnlyList<LabelledCt> cases, IReadOnlyList<double> scales, SplitFractions split, int seed, AbdomenCtGenerator generator)
    {
        if (scales is [1.0])
        {
            return cases;
        }

        var sets = PatientSplit.Assign(cases.Select(c => c.Id), split, seed);
        var turn = 0;
        var result = new List<LabelledCt>(cases.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            var scale = sets[cases[i].Id] == DataSplit.Train ? scales[turn++ % scales.Count] : 1.0;
            result.Add(scale == 1.0 ? cases[i] : PhantomCases.FromCase(new AbdomenCtGenerator(generator.Style, generator.Size, generator.Slices) { NoiseScale = scale }.Generate(seed, i)));
        }

        return result;
    }

    /// <summary>
    /// <paramref name="cases"/> with <paramref name="count"/> masses painted into each training-split case (the split the session
    /// makes: by case, <paramref name="split"/>, the seed); the others as given.
    /// </summary>
    internal static IReadOnlyList<LabelledCt> WithInsertedMasses(IReadOnlyList<LabelledCt> cases, int count, SplitFractions split, int seed)
    {
        if (count == 0)
        {
            return cases;
        }

        var sets = PatientSplit.Assign(cases.Select(c => c.Id), split, seed);
        // A stream of its own (seed + a prime): the patch sampler's Random(seed) draws the same sequence with or without painted masses.
#pragma warning disable CA5394 // seeded augmentation, not security
        var random = new Random(seed + 7919);
#pragma warning restore CA5394
        return cases.Select(c => sets[c.Id] == DataSplit.Train ? SmallMassInsertion.Insert(c, count, random) : c).ToList();
    }

    /// <summary>A whole-case figure that picks the kept epoch instead of the patch loss; none by default.</summary>
    internal virtual IWholeCaseValidation? WholeCaseValidation(IReadOnlyList<LabelledCt> cases) => null;

    // How the architecture line names the per-mass cross entropy (the words the candidates' model.json recorded).
    private static string RecallTerm(double weight) => weight switch
    {
        0 => string.Empty,
        1 => " and its mean cross entropy over its own voxels",
        0.1 => " and a tenth of its mean cross entropy over its own voxels",
        _ => FormattableString.Invariant($" and {weight:0.###} times its mean cross entropy over its own voxels"),
    };
}
