using RadCnn.Plugins.Classification.Models;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Training.Data;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Training;

/// <summary>`radcnn train classification-2d`: the 2D multi-view CNN (axial, coronal, sagittal streams merged in FC layers).</summary>
public class Classification2dRecipe : NoduleRecipeBase
{
    public override string Task => "classification-2d";

    public override string Description => "Lung nodule candidates on chest CT (not a nodule, benign, malignant): 2D multi-view CNN, 3 orthogonal views in shared-weight streams merged in FC layers (synthetic phantoms; not for clinical use).";

    public sealed override InputSpec Input => PatchExtractor.Input2d;

    public override string Architecture =>
        "2D multi-view CNN: axial, coronal and sagittal 48 mm planes at 32x32, HU window -1000..400 to 0..1; one shared stream per view "
        + "(conv 3x3-16, BN, pool, 3x3-32, BN, pool, 3x3-48, BN, global average pool); the 3 streams concatenated, dropout 0.3, FC 144-64-3";

    public sealed override IReadOnlyList<string> EarlyLayers => MultiView2dNet.EarlyLayers;

    internal sealed override bool ThreeD => false;

    public sealed override nn.Module<Tensor, Tensor> CreateModel() => new MultiView2dNet();
}
