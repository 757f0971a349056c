using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Training.Recipes;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-centre`: the mass network trained as a mass detector. Its targets are a ball of
/// <see cref="PatchSampler.CentreBlobRadiusVoxels"/> voxels at the centre of each mass of 8 mm or more
/// (<see cref="PatchSampler.CentreBlobs"/>), the same voxels for a 12 mm mass as for a 60 mm one, where the shipped
/// network's mask targets give a 60 mm mass a hundred times a 12 mm mass's voxels and it never learns the small ones.
/// Fine-tuned from the shipped mask network (its features see masses; its head must learn to answer at centres), the epoch
/// kept by the patches' validation loss (the whole-case score compares masks). A measurement for issue 20 (README), not a
/// stage of the shipped cascade.
/// </summary>
public sealed class LiverMassCentreRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-centre";

    public override string Description => "Liver masses on abdominal CT (detector candidate): the mass network trained on a ball at each mass's centre";

    internal override bool CentreBlobTargets => true;

    internal override IWholeCaseValidation? WholeCaseValidation(IReadOnlyList<LabelledCt> cases) => null;
}
