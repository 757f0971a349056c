using RadCnn.Plugins.Classification.Models;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Training.Data;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Classification.Training;

/// <summary>`radcnn train classification-3d`: the 3D CNN on multi-scale patches with 3D inception blocks.</summary>
public class Classification3dRecipe : NoduleRecipeBase
{
    public override string Task => "classification-3d";

    public override string Description => "Lung nodule candidates on chest CT (not a nodule, benign, malignant): 3D CNN on multi-scale patches with 3D inception blocks (synthetic phantoms; not for clinical use).";

    public sealed override InputSpec Input => Geometry3d.Input;

    public override string Architecture =>
        "3D CNN: 20/32/48 mm cubes resampled to 16^3 as 3 channels, HU window -1000..400 to 0..1; stem conv 3^3-12, BN, max pool; "
        + "3D inception block (1^3 | 1^3-3^3 | 1^3-3^3-3^3 | pool-1^3) to 24 channels, max pool, 3D inception block to 48; global average pool, dropout 0.3, FC 48-32-3";

    public sealed override IReadOnlyList<string> EarlyLayers => Nodule3dNet.EarlyLayers;

    internal sealed override bool ThreeD => true;

    public sealed override nn.Module<Tensor, Tensor> CreateModel() => new Nodule3dNet();
}
