using RadCnn.Training.Data;
using RadCnn.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Recipes;

/// <summary>
/// How one task's model is built, fed and trained. Task plugins implement this (RadCnn.Training is
/// shared between the host and plugins, like Abstractions), so `radcnn train TASK` and `radcnn eval
/// TASK` train, fine-tune and evaluate the plugin's own network with the shared trainer, and the
/// plugin ships the weights and model.json that come out.
/// </summary>
/// <remarks>A recipe must have a public parameterless constructor so the host can create it.</remarks>
public interface ITrainingRecipe
{
    /// <summary>The task name used on the command line, for example "tb-cxr"; unique among installed plugins.</summary>
    string Task { get; }

    /// <summary>One sentence for `radcnn train --list` and model.json.</summary>
    string Description { get; }

    TrainingTaskKind Kind { get; }

    /// <summary>Shape of one sample and the pixel normalisation.</summary>
    InputSpec Input { get; }

    /// <summary>Class names by index (classification); empty for dense tasks.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>A short description of the network for model.json, for example "3 conv blocks (8-16-32) + BN + dropout + linear".</summary>
    string Architecture { get; }

    TrainingHyperParameters Defaults { get; }

    /// <summary>
    /// Parameter-name prefixes (as in <c>named_parameters()</c>) of the early, generic layers that
    /// fine-tuning with frozen early layers keeps fixed; the review's transfer-learning variant.
    /// </summary>
    IReadOnlyList<string> EarlyLayers { get; }

    /// <summary>A freshly initialised network on the CPU. The trainer seeds torch before calling it.</summary>
    nn.Module<Tensor, Tensor> CreateModel();

    /// <summary>
    /// Loads the samples: from <paramref name="dataDirectory"/> (a user's DICOM folder with labels.csv,
    /// or phantoms written there) or, when it is null, the recipe's own synthetic phantoms generated on
    /// the fly with <paramref name="seed"/>. Throws <see cref="DatasetException"/> naming the bad row or file.
    /// </summary>
    TrainingData LoadData(string? dataDirectory, int seed);
}
