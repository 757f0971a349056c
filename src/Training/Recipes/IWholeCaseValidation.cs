using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Recipes;

/// <summary>
/// A whole-case validation figure a recipe may attach to its <see cref="Data.TrainingData"/>: the
/// trainer scores the network with it after every epoch and keeps the epoch it scores highest, instead
/// of the epoch with the lowest validation loss on the training samples. For tasks whose samples are
/// patches cut around the target (segmentation of small lesions), the patch loss neither punishes
/// false positives elsewhere in a volume nor notices a target forgotten in another case; a figure over
/// whole validation volumes does.
/// </summary>
public interface IWholeCaseValidation
{
    /// <summary>The figure's name among the epoch's validation metrics (model.json, plots, progress), for example "volume_mass_score".</summary>
    string MetricName { get; }

    /// <summary>
    /// Scores <paramref name="model"/> (already on <paramref name="device"/>; the callee sets eval mode and
    /// must not change the weights) on the whole cases of the patients the split put in validation.
    /// Higher is better; the value must be finite.
    /// </summary>
    /// <param name="model">The network after the epoch.</param>
    /// <param name="validationPatients">Patient keys of the validation split (never the training or test patients).</param>
    /// <param name="device">Where the model's parameters are.</param>
    double Score(nn.Module<Tensor, Tensor> model, IReadOnlySet<string> validationPatients, Device device);
}
