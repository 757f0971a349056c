namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-refined`: the mass recipe (<see cref="LiverMassRecipe"/>, plain Dice + cross
/// entropy, epoch kept by whole validation volumes) on the network with the full-resolution residual blocks
/// (<see cref="Models.UNet3D.RefinesFullResolution"/>), to follow <see cref="LiverMassRefinedRecallRecipe"/> as the
/// plain phase that clears false positives. A candidate measured against the shipped stage (README, #20).
/// </summary>
public sealed class LiverMassRefinedRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-refined";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): 3D U-Net with two residual blocks at full resolution inside the liver's bounding box at 2.5 mm";

    public override bool RefineFullResolution => true;
}
