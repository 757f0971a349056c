using RadCnn.Plugins.Denoising.Models;
using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.LowDoseCt;
using RadCnn.Training.Recipes;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Denoising.Training;

/// <summary>
/// `radcnn train denoising-red`: the residual encoder-decoder on 48 × 48 patches of simulated low-dose
/// CT (doses drawn from 1/20 to 1/3 of the standard dose) against the noise-free reconstruction,
/// mean squared error, Adam. HU are windowed −1000 to 3000 onto [0, 1] (recorded in model.json).
/// </summary>
public sealed class DenoisingRedRecipe : ITrainingRecipe
{
    public const int PatchSize = 48;

    public const int PhantomSlices = 96;

    public const int PhantomSize = 256;

    public const int PatchesPerSlice = 12;

    /// <summary>HU −1000 to 3000 onto [0, 1]: every value a 12-bit CT stores, with no clipping in the body.</summary>
    public static InputSpec Window { get; } = new(1, PatchSize, PatchSize, NormalizationKind.Window, WindowCenter: 1000, WindowWidth: 4000);

    public string Task => "denoising-red";

    public string Description => "Low-dose CT denoising: residual encoder-decoder (RED-CNN-like) on patches (simulated phantoms; not for clinical use).";

    public TrainingTaskKind Kind => TrainingTaskKind.ImageRestoration;

    public InputSpec Input => Window;

    public IReadOnlyList<string> ClassNames { get; } = [];

    public string Architecture => "RED-CNN-like: 4 unpadded conv 3x3 (16 channels, ReLU) + 4 transposed conv 3x3 with encoder-decoder shortcuts and an input-to-output residual; input HU windowed -1000..3000 to [0,1]";

    public TrainingHyperParameters Defaults { get; } = new()
    {
        Epochs = 12,
        BatchSize = 16,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 1e-3,
        WeightDecay = 0,
        Schedule = LearningRateSchedule.Cosine,
        EarlyStoppingPatience = 4,
        EarlyStoppingMinDelta = 1e-8,
        Loss = LossKind.MeanSquaredError,
        Augmentation = AugmentationOptions.None,
    };

    public IReadOnlyList<string> EarlyLayers => ResidualEncoderDecoder.EarlyLayers;

    public nn.Module<Tensor, Tensor> CreateModel() => new ResidualEncoderDecoder();

    public TrainingData LoadData(string? dataDirectory, int seed)
    {
        if (dataDirectory is not null)
        {
            var pairs = DenoisingPairs.FromFolder(dataDirectory, Input, PatchesPerSlice, seed);
            return new TrainingData(pairs, $"{pairs.Count} patches from the low-dose/target pairs in labels.csv");
        }

        var generator = TrainingGenerator();
        var samples = DenoisingPairs.FromPhantoms(generator, PhantomSlices, seed, Input, PatchesPerSlice);
        return new TrainingData(samples, FormattableString.Invariant($"{samples.Count} patches of {PatchSize}x{PatchSize} from {PhantomSlices} simulated CT slices (LowDoseCtGenerator, body anatomy, seed {seed}, {PhantomSize} px, doses 0.05-0.33 of {generator.StandardPhotons:0} photons per ray, ramp FBP; target the noise-free reconstruction), generated in memory"));
    }

    /// <summary>The phantoms the shipped weights were trained on (doses spread so one model serves several).</summary>
    internal static LowDoseCtGenerator TrainingGenerator() => new(new BodySliceModel(), PhantomSize) { DoseRange = (0.05, 0.33) };
}
