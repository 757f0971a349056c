namespace RadCnn.Plugins.Classification.Training;

/// <summary>
/// `radcnn train classification-3d-256`: the same 3D CNN and samples as `classification-3d`, on phantoms of
/// the 256 matrix (1.2-1.8 mm pixels instead of 2.4-3.6 mm; the same cases, slices and slice spacing). The
/// patches are cut in mm, so the network and its input are unchanged: only the source voxels the 16³ cubes
/// are sampled from get finer, and with them an 8 mm nodule's lobulation, spicules and halo.
/// </summary>
public sealed class Classification3d256Recipe : Classification3dRecipe
{
    public override string Task => "classification-3d-256";

    public override string Description => "Lung nodule candidates on chest CT (not a nodule, benign, malignant): the 3D CNN of classification-3d trained on 256-matrix phantoms (1.2-1.8 mm pixels) (synthetic phantoms; not for clinical use).";

    public override string Architecture => base.Architecture + "; trained on 256x256x64 phantoms";

    internal override int PhantomSize => 256;
}
