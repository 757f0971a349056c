using RadCnn.Training.Augmentation;
using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;

namespace RadCnn.Training.Tests.Optimization;

/// <summary>The demonstration recipe shrunk for tests: 32-pixel phantoms, 8 channels in the first block, no augmentation unless asked.</summary>
internal static class TinyTask
{
    public static TrainingHyperParameters Defaults(int epochs = 6) => new()
    {
        Epochs = epochs,
        BatchSize = 8,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 3e-3,
        WeightDecay = 1e-4,
        Schedule = LearningRateSchedule.Cosine,
        EarlyStoppingPatience = 0,
        Loss = LossKind.CrossEntropy,
        Augmentation = AugmentationOptions.None,
        Split = new SplitFractions(0.25, 0.2),
    };

    // 160 cases at 32 px with 8 channels: the smallest set on which the validation loss falls clearly
    // within a dozen epochs (about 0.67 to 0.47 in 6 s on one core).
    public static ChestRadiographDemoRecipe Recipe(int epochs = 6, int count = 160, TrainingHyperParameters? defaults = null) =>
        new(imageSize: 32, phantomCount: count, width: 8, defaults ?? Defaults(epochs));

    public static SplitDataset Data(ChestRadiographDemoRecipe recipe, int seed = 1) =>
        PatientSplit.Split(recipe.LoadData(null, seed).Samples, recipe.Defaults.Split, seed);
}
