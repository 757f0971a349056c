using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-fine`: the mass recipe on a 2 mm grid instead of 2.5 mm (same network, patch,
/// sampling, augmentation and whole-volume epoch choice), a candidate measured against the shipped stage. The U-Net is
/// fully convolutional, so it fine-tunes from the shipped 2.5 mm weights (`--from`). The shipped cascade does not use it.
/// </summary>
public sealed class LiverMassFineRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-fine";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): 3D U-Net inside the liver's bounding box at 2 mm";

    internal override StageSpec Stage => CascadeSettings.FineMassStage;
}
