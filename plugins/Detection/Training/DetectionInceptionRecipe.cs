using RadCnn.Plugins.Detection.Models;

namespace RadCnn.Plugins.Detection.Training;

/// <summary>`radcnn eval detection-inception --weights model.bin`: the ensemble's Inception-style member alone.</summary>
public sealed class DetectionInceptionRecipe : TuberculosisRecipeBase
{
    public override string Task => "detection-inception";

    public override string Description => "Tuberculosis on chest radiographs: the ensemble's Inception-style member alone (same weight file).";

    internal override EnsembleOutput Output => EnsembleOutput.Inception;
}
