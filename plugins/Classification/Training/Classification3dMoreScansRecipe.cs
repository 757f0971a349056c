namespace RadCnn.Plugins.Classification.Training;

/// <summary>
/// `radcnn train classification-3d-400`: the 3D CNN and samples of `classification-3d` drawn from 400 phantom scans
/// instead of 100. The nodules the shipped model loses at 1 FP/scan are mostly those attached to a vessel or lying on
/// a fissure, a third of all nodules, so 100 scans (70 for training) hold only about 40 of them; the phantoms cost
/// nothing to draw, so this recipe asks whether more of them, not another loss or input, separates them from the
/// branch points and fissure crossings. The first 100 scans of a seed are `classification-3d`'s.
/// </summary>
public sealed class Classification3dMoreScansRecipe : Classification3dRecipe
{
    public override string Task => "classification-3d-400";

    public override string Description => "Lung nodule candidates on chest CT (not a nodule, benign, malignant): the 3D CNN of classification-3d trained on 400 phantom scans (synthetic phantoms; not for clinical use).";

    public override string Architecture => base.Architecture + "; trained on 400 phantom scans";

    internal override int PhantomScans => 400;
}
