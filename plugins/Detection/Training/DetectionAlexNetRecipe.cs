using RadCnn.Plugins.Detection.Models;

namespace RadCnn.Plugins.Detection.Training;

/// <summary>`radcnn eval detection-alexnet --weights model.bin`: the ensemble's AlexNet-style member alone.</summary>
public sealed class DetectionAlexNetRecipe : TuberculosisRecipeBase
{
    public override string Task => "detection-alexnet";

    public override string Description => "Tuberculosis on chest radiographs: the ensemble's AlexNet-style member alone (same weight file).";

    internal override EnsembleOutput Output => EnsembleOutput.AlexNet;
}
