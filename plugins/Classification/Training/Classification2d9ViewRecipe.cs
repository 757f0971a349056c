using RadCnn.Plugins.Classification.Models;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Training.Data;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Training;

/// <summary>
/// `radcnn train classification-2d-9`: the 9-view variant of the 2D multi-view CNN (Setio et al.):
/// the three orthogonal planes and the six diagonal planes of the cube around a candidate, each
/// through the same shared-weight stream, merged in FC layers. Compared with the 3-view model and the
/// 3D model by `bench/classification/run eval --model-2d9 FILE`.
/// </summary>
public sealed class Classification2d9ViewRecipe : NoduleRecipeBase
{
    public override string Task => "classification-2d-9";

    public override string Description => "Lung nodule candidates on chest CT (not a nodule, benign, malignant): 2D multi-view CNN, 9 planes (3 orthogonal, 6 diagonal) in shared-weight streams merged in FC layers (synthetic phantoms; not for clinical use).";

    public override InputSpec Input => PatchExtractor.Input2d9;

    public override string Architecture =>
        "2D multi-view CNN: axial, coronal, sagittal and the six diagonal 48 mm planes at 32x32, HU window -1000..400 to 0..1; one shared stream per view "
        + "(conv 3x3-16, BN, pool, 3x3-32, BN, pool, 3x3-48, BN, global average pool); the 9 streams concatenated, dropout 0.3, FC 432-64-3";

    public override IReadOnlyList<string> EarlyLayers => MultiView2dNet.EarlyLayers;

    internal override bool ThreeD => false;

    internal override int Views => 9;

    public override nn.Module<Tensor, Tensor> CreateModel() => new MultiView2dNet(views: 9);
}
