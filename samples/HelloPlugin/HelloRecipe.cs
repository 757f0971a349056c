using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms;
using RadCnn.Training.Recipes;
using static TorchSharp.torch;

namespace RadCnn.Samples.HelloPlugin;

/// <summary>
/// <c>radcnn train hello --plugins DIR</c>: how <see cref="HelloNet"/> is built, fed and trained. Without
/// <c>--data</c> it draws 800 chest radiograph phantoms (RadCnn's <see cref="ChestRadiographGenerator"/>,
/// half with tuberculosis lesions) in memory; with it, a DICOM folder with labels.csv (for example one
/// written by <c>radcnn phantom cxr</c>). The toolkit splits by patient (70/15/15), chooses the decision
/// threshold on the validation split and reports the held-out test split in model.json.
/// </summary>
[ShippedModel(HelloPlugin.ModelName)]
public sealed class HelloRecipe : ITrainingRecipe
{
    /// <summary>Phantoms generated when no data folder is given.</summary>
    public const int PhantomCount = 800;

    /// <summary>Side of the generated phantoms before they are prepared to the 64-pixel input.</summary>
    public const int PhantomSize = 128;

    public string Task => "hello";

    public string Description => "Sample: tuberculosis phantoms on chest radiographs with a tiny CNN (not for clinical use).";

    public TrainingTaskKind Kind => TrainingTaskKind.BinaryClassification;

    // Recorded in model.json by training; the plugin prepares images from that record, not from this code.
    public InputSpec Input { get; } = new(1, 64, 64, NormalizationKind.PerImageZScore);

    public IReadOnlyList<string> ClassNames { get; } = ["normal", "tuberculosis"];

    public string Architecture => "HelloNet: 3 conv blocks (8-16-32, 3x3, batch norm, ReLU, max pool), global average + max pool, linear to 2 logits; input 1x64x64, per-image z-score";

    public TrainingHyperParameters Defaults { get; } = new()
    {
        Epochs = 20,
        BatchSize = 16,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 3e-3,
        Schedule = LearningRateSchedule.Cosine,
        EarlyStoppingPatience = 6,
        Loss = LossKind.CrossEntropy,
        Augmentation = AugmentationOptions.Radiograph,
    };

    public IReadOnlyList<string> EarlyLayers => HelloNet.EarlyLayers;

    public nn.Module<Tensor, Tensor> CreateModel() => new HelloNet();

    public TrainingData LoadData(string? dataDirectory, int seed)
    {
        if (dataDirectory is not null)
        {
            return LabelledDicomFolder.Load(dataDirectory, new LabelledFolderOptions(Input, ClassNames, TrainingTaskKind.BinaryClassification));
        }

        var generator = new ChestRadiographGenerator(size: PhantomSize);
        var samples = PhantomSamples.Generate(generator, PhantomCount, seed, Input);
        return new TrainingData(samples, FormattableString.Invariant($"{PhantomCount} synthetic chest radiographs (ChestRadiographGenerator, seed {seed}, {PhantomSize} px prepared to {Input.Height} px, {generator.TuberculosisFraction:P0} tuberculosis), generated in memory"));
    }
}
