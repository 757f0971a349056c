using RadCnn.Plugins.Detection.Models;
using RadCnn.Training.Recipes;

namespace RadCnn.Plugins.Detection.Training;

/// <summary>`radcnn train detection`: trains both members together on the ensemble's averaged probability.</summary>
[ShippedModel(TuberculosisPlugin.ModelName)]
public sealed class DetectionRecipe : TuberculosisRecipeBase
{
    public override string Task => "detection";

    public override string Description => "Tuberculosis on chest radiographs: AlexNet-style + Inception-style ensemble (synthetic phantoms; not for clinical use).";

    internal override EnsembleOutput Output => EnsembleOutput.Ensemble;
}
