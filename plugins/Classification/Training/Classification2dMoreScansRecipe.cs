namespace RadCnn.Plugins.Classification.Training;

/// <summary>
/// `radcnn train classification-2d-400`: the 3-view 2D CNN and samples of `classification-2d` drawn from 400 phantom
/// scans instead of 100, the 2D half of `classification-3d-400` (the plugin's nodule score is the mean of both models).
/// </summary>
public sealed class Classification2dMoreScansRecipe : Classification2dRecipe
{
    public override string Task => "classification-2d-400";

    public override string Description => "Lung nodule candidates on chest CT (not a nodule, benign, malignant): the 2D multi-view CNN of classification-2d trained on 400 phantom scans (synthetic phantoms; not for clinical use).";

    public override string Architecture => base.Architecture + "; trained on 400 phantom scans";

    internal override int PhantomScans => 400;
}
