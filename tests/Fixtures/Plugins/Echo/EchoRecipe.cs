using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;
using TorchSharp;

namespace Fixture.Echo;

/// <summary>A recipe whose shipped weights are the plugin's "weights" model: what `radcnn eval echo-demo` uses without --weights.</summary>
[ShippedModel("weights")]
public sealed class EchoRecipe : ITrainingRecipe
{
    private readonly ChestRadiographDemoRecipe inner = new();

    public string Task => "echo-demo";

    public string Description => "Fixture recipe (the toolkit's demonstration network under another task name).";

    public TrainingTaskKind Kind => inner.Kind;

    public InputSpec Input => inner.Input;

    public IReadOnlyList<string> ClassNames => inner.ClassNames;

    public string Architecture => inner.Architecture;

    public TrainingHyperParameters Defaults => inner.Defaults;

    public IReadOnlyList<string> EarlyLayers => inner.EarlyLayers;

    public torch.nn.Module<torch.Tensor, torch.Tensor> CreateModel() => inner.CreateModel();

    public TrainingData LoadData(string? dataDirectory, int seed) => inner.LoadData(dataDirectory, seed);
}
