using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.LowDoseCt;
using RadCnn.Training.Recipes;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// What the denoising tasks share: 64 × 64 patches of simulated low-dose CT (doses drawn from 1/20
/// to 1/3 of the standard dose) against the noise-free reconstruction (random ones, plus
/// <see cref="PatchesPerLesion"/> around each low-contrast lesion), mean squared error, Adam; HU
/// windowed −1000 to 3000 onto [0, 1] (recorded in model.json), exactly as the plugin prepares slices.
/// </summary>
public abstract class DenoisingRecipeBase : ITrainingRecipe
{
    public const int PatchSize = 64;

    public const int PhantomSlices = 192;

    public const int PhantomSize = 256;

    public const int PatchesPerSlice = 12;

    /// <summary>
    /// Extra patches around each phantom lesion (1-4 per slice), meant to make the faint lesions count
    /// in the squared error. 0 in the shipped recipe: 2 per lesion (from scratch, or fine-tuning the
    /// shipped U-Net) left the 5-10 HU lesions as flat as before on held-out phantoms and, from
    /// scratch, lost the margin over total variation on the insert generator (plugin README).
    /// </summary>
    public const int PatchesPerLesion = 0;

    /// <summary>HU −1000 to 3000 onto [0, 1]: every value a 12-bit CT stores, with no clipping in the body.</summary>
    public static InputSpec Window { get; } = new(1, PatchSize, PatchSize, NormalizationKind.Window, WindowCenter: 1000, WindowWidth: 4000);

    public abstract string Task { get; }

    public abstract string Description { get; }

    public TrainingTaskKind Kind => TrainingTaskKind.ImageRestoration;

    /// <summary>The plugin's window on the recipe's training crops: <see cref="PatchSize"/> square unless a recipe cuts larger ones (<see cref="TrainingCropSize"/>).</summary>
    public InputSpec Input => TrainingCropSize == PatchSize ? Window : Window with { Height = TrainingCropSize, Width = TrainingCropSize };

    public IReadOnlyList<string> ClassNames { get; } = [];

    public abstract string Architecture { get; }

    public TrainingHyperParameters Defaults => new()
    {
        Epochs = 12,
        BatchSize = BatchSize,
        Optimizer = OptimizerKind.Adam,
        LearningRate = LearningRate,
        WeightDecay = 0,
        Schedule = LearningRateSchedule.Cosine,
        EarlyStoppingPatience = EarlyStoppingPatience,
        EarlyStoppingMinDelta = 1e-8,
        Loss = Loss,
        LocalMeanWeight = LocalMeanWeight,
        PatchMeanWeight = PatchMeanWeight,
        PatchMeanRange = PatchMeanWeight > 0 ? SoftTissue : null,
        Augmentation = Augmentation,
        Adversarial = Adversarial,
    };

    public abstract IReadOnlyList<string> EarlyLayers { get; }

    /// <summary>Side of the square training crops in pixels: <see cref="PatchSize"/> unless a recipe trains on larger crops (up to the whole <see cref="PhantomSize"/> slice).</summary>
    protected virtual int TrainingCropSize => PatchSize;

    /// <summary>Phantom slices generated for training: <see cref="PhantomSlices"/> unless a recipe draws more of the seed (the first ones are the same).</summary>
    protected internal virtual int TrainingSlices => PhantomSlices;

    /// <summary>Random crops cut from each training slice: <see cref="PatchesPerSlice"/> unless a recipe cuts larger crops.</summary>
    protected internal virtual int CropsPerSlice => PatchesPerSlice;

    /// <summary>Crops per batch: 16 of <see cref="PatchSize"/> px unless a recipe says otherwise.</summary>
    protected virtual int BatchSize => 16;

    /// <summary>Adversarial training (zero-mean examples, as the engine's image probe attacks) where a recipe asks for it.</summary>
    protected virtual AdversarialTraining? Adversarial => null;

    /// <summary>No augmentation unless a recipe asks for it (an intensity change applies to the target too).</summary>
    protected virtual AugmentationOptions Augmentation => AugmentationOptions.None;

    /// <summary>Adam's learning rate from scratch (a fine-tune with `--from` uses a tenth of it); 1e-3 unless a recipe says otherwise.</summary>
    protected virtual double LearningRate => 1e-3;

    /// <summary>Mean squared error unless a recipe says otherwise.</summary>
    protected virtual LossKind Loss => LossKind.MeanSquaredError;

    /// <summary>Weight of the local-mean term where <see cref="Loss"/> has one (<see cref="LossKind.MeanSquaredErrorWithLocalMean"/>); the trainer's default unless a recipe says otherwise.</summary>
    protected virtual double LocalMeanWeight => new TrainingHyperParameters().LocalMeanWeight;

    /// <summary>
    /// The soft-tissue window −160..240 HU (the bench's PSNR window, where the uniform regions the HU bar reads lie) in
    /// the model's [0, 1] units: the pixels whose mean error the <see cref="PatchMeanWeight"/> term penalises.
    /// </summary>
    public static (double Low, double High) SoftTissue { get; } = ((1000.0 - 160) / 4000, (1000.0 + 240) / 4000);

    /// <summary>Weight of the squared whole-patch mean error where <see cref="Loss"/> has a local-mean term over its soft-tissue pixels (<see cref="TrainingHyperParameters.PatchMeanWeight"/>, <see cref="SoftTissue"/>); 0 unless a recipe says otherwise.</summary>
    protected virtual double PatchMeanWeight => 0;

    /// <summary>
    /// Epochs without a better selection figure before the run stops; 0 runs every epoch (the kept epoch is still the
    /// one the selection rule picks). 4 unless a recipe says otherwise.
    /// </summary>
    protected virtual int EarlyStoppingPatience => 4;

    public abstract nn.Module<Tensor, Tensor> CreateModel();

    public TrainingData LoadData(string? dataDirectory, int seed)
    {
        if (dataDirectory is not null)
        {
            var pairs = DenoisingPairs.FromFolder(dataDirectory, Input, CropsPerSlice, seed);
            return new TrainingData(pairs, $"{pairs.Count} patches from the low-dose/target pairs in labels.csv");
        }

        var generator = Generator();
        var samples = DenoisingPairs.FromPhantoms(generator, TrainingSlices, seed, Input, CropsPerSlice, PatchesPerLesion);
        return new TrainingData(samples, FormattableString.Invariant($"{samples.Count} patches of {Input.Height}x{Input.Width} from {TrainingSlices} simulated CT slices ({CropsPerSlice} random and {PatchesPerLesion} per low-contrast lesion; LowDoseCtGenerator, body anatomy, seed {seed}, {PhantomSize} px, doses {generator.DoseRange?.Low ?? generator.DoseFraction}-{generator.DoseRange?.High ?? generator.DoseFraction} of {generator.StandardPhotons:0} photons per ray, electronic noise {generator.ElectronicNoise}, {(generator.SparseViewFactor > 1 ? $"the low dose on every {generator.SparseViewFactor}th view, " : string.Empty)}{generator.Filter.ToString().ToLowerInvariant()} FBP; target the noise-free reconstruction), generated in memory"))
        {
            WholeCaseValidation = Selection(seed),
        };
    }

    /// <summary>
    /// A figure over whole validation phantom slices that picks the kept epoch instead of the patch loss, where a
    /// recipe asks for one (the phantoms only: real pairs from a folder keep the validation loss).
    /// </summary>
    internal virtual IWholeCaseValidation? Selection(int seed) => null;

    /// <summary>The phantoms this recipe trains on (<see cref="TrainingGenerator"/> unless a recipe widens the noise).</summary>
    protected virtual LowDoseCtGenerator Generator() => TrainingGenerator();

    /// <summary>The phantoms the shipped weights were trained on (doses spread so one model serves several).</summary>
    internal static LowDoseCtGenerator TrainingGenerator() => new(new BodySliceModel(), PhantomSize) { DoseRange = (0.05, 0.33) };
}
