using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Training;

/// <summary>
/// `radcnn train segmentation-liver-mass-inserted`: the mass recipe (<see cref="LiverMassRecipe"/>) with three extra 10-20 mm
/// masses painted into each training case's liver (<see cref="SmallMassInsertion"/>), validation and test cases untouched.
/// Every network trained on the phantoms as drawn leaves its own 10-20 mm training masses at p ≈ 0 although the data path
/// delivers them intact and as contrasted as the large masses it draws (README, #20); a per-mass cross entropy showed the
/// network can answer them, at the price of false positives everywhere. This shows it several times as many small masses,
/// beside the same vessels and edges, so that telling them apart is worth learning. A candidate measured against the
/// shipped stage (README, #20); the shipped cascade does not use it.
/// </summary>
public sealed class LiverMassInsertedRecipe : LiverMassRecipe
{
    public override string Task => "segmentation-liver-mass-inserted";

    public override string Description => "Liver masses on abdominal CT (stage 2 candidate): the mass recipe with three extra 10-20 mm masses painted into each training case";

    internal override int InsertedSmallMasses => 3;

    public override TrainingHyperParameters Defaults { get; } = Base with { Epochs = 48, FineTuneLearningRateFactor = 0.33 };
}
