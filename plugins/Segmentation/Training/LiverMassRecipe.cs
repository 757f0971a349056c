using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Inference;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Training.Optimization;
using RadCnn.Training.Recipes;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass`: stage 2 of the cascade, masses inside the liver's box at 2.5 mm.
/// Half again as many phantoms as the liver stage and eight patches each, three of four centred on the masses in turn
/// (those of 10-30 mm twice as often as the others), with random contrast curves and noise: measured on held-out
/// phantoms, the first network trained on 40 phantoms with voxel-weighted centring gave 14-27 mm masses a peak
/// probability below 0.1, so neither the threshold nor the smallest-volume filter could find them. The kept
/// epoch is chosen on whole validation volumes (<see cref="MassVolumeValidation"/>), not on the patches.
/// </summary>
public class LiverMassRecipe : CtSegmentationRecipeBase
{
    public override string Task => "segmentation-liver-mass";

    public override string Description => "Liver masses on abdominal CT (stage 2 of the liver cascade): 3D U-Net inside the liver's bounding box at 2.5 mm";

    internal override StageSpec Stage => CascadeSettings.MassStage;

    internal override PatchSampler.Focus Focus => PatchSampler.Focus.MassInLiverBox;

    public override int PatchesPerCase => 8;

    public override int Phantoms => (3 * PhantomCount) / 2;

    public override bool AugmentIntensity => true;

    /// <summary>A 10-30 mm mass is centred twice as often as another: all of them stayed below probability 0.05 on whole validation volumes.</summary>
    internal override int SmallMassTurns => 2;

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 8, FineTuneLearningRateFactor = 0.33 };

    /// <summary>
    /// The epoch is kept by whole validation volumes, at the thresholds the plugin uses (model/cascade.json
    /// beside the plugin's assembly): over a chain of fine-tunes the patch figures rose while mass Dice,
    /// detection and false positives on whole validation phantoms got worse.
    /// </summary>
    internal override IWholeCaseValidation? WholeCaseValidation(IReadOnlyList<LabelledCt> cases) => new MassVolumeValidation(cases, PluginThresholds(), stage: Stage);

    /// <summary>model/cascade.json beside the plugin's assembly; where the assembly has no folder (loaded from memory), the values it holds in plugin 1.1.0.</summary>
    internal static CascadeSettings PluginThresholds()
    {
        var folder = Path.GetDirectoryName(typeof(LiverMassRecipe).Assembly.Location);
        var path = string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, "model", CascadeSettings.FileName);
        return path is not null && File.Exists(path)
            ? CascadeSettings.Load(path)
            : new CascadeSettings { LiverThreshold = 0.55, MassThreshold = 0.8, MinimumMassMl = 0.4 };
    }
}
