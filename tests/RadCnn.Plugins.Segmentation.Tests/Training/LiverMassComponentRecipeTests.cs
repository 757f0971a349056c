using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Optimization;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>
/// The per-mass loss candidates: they train with the per-component losses and mark each mass in their targets, while the
/// shipped mass recipe keeps the plain loss and 0/1 targets; the focal candidate changes the loss alone, the centre candidate
/// its targets alone.
/// </summary>
public sealed class LiverMassComponentRecipeTests
{
    [Fact]
    public void OnlyTheCandidatesMarkTheirMasses()
    {
        Assert.Equal(LossKind.ComponentDiceBinaryCrossEntropy, new LiverMassComponentRecipe().Defaults.Loss);
        Assert.Equal(0, new LiverMassComponentRecipe().Defaults.ComponentRecallWeight);
        Assert.Equal(LossKind.ComponentDiceBinaryCrossEntropy, new LiverMassComponentRecallRecipe().Defaults.Loss);
        Assert.Equal(1, new LiverMassComponentRecallRecipe().Defaults.ComponentRecallWeight);
        Assert.True(new LiverMassComponentRecipe().MarkedTargets);
        Assert.True(new LiverMassComponentRecallRecipe().MarkedTargets);
        Assert.Equal(LossKind.ComponentDiceBinaryCrossEntropy, new LiverMassComponentWeakRecallRecipe().Defaults.Loss);
        Assert.Equal(0.1, new LiverMassComponentWeakRecallRecipe().Defaults.ComponentRecallWeight);
        Assert.True(new LiverMassComponentWeakRecallRecipe().MarkedTargets);
        Assert.Equal(LossKind.ComponentDiceBinaryCrossEntropy, new LiverMassComponentMidRecallRecipe().Defaults.Loss);
        Assert.Equal(0.3, new LiverMassComponentMidRecallRecipe().Defaults.ComponentRecallWeight);
        Assert.True(new LiverMassComponentMidRecallRecipe().MarkedTargets);
        Assert.False(new LiverMassRecipe().MarkedTargets);
        Assert.Equal(LossKind.DiceBinaryCrossEntropy, new LiverMassRecipe().Defaults.Loss);

        // Only the recall-shell candidate prices the background around each mass.
        var shell = new LiverMassRecallShellRecipe();
        Assert.True(shell.MarkedTargets);
        Assert.Equal((1.0, 1.0), (shell.Defaults.ComponentRecallWeight, shell.Defaults.ComponentShellWeight));
        Assert.All(new CtSegmentationRecipeBase[] { new LiverMassRecipe(), new LiverMassComponentRecallRecipe(), new LiverMassNoiseMixRecallRecipe() }, r => Assert.Equal(0, r.Defaults.ComponentShellWeight));
    }

    [Fact]
    public void TheCentreCandidateChangesOnlyItsTargetsAndItsEpochChoice()
    {
        var centre = new LiverMassCentreRecipe();
        var shipped = new LiverMassRecipe();
        Assert.True(centre.CentreBlobTargets);
        Assert.False(shipped.CentreBlobTargets);
        Assert.False(centre.MarkedTargets);
        Assert.Equal(shipped.Defaults, centre.Defaults);
        Assert.Null(centre.WholeCaseValidation([]));
        Assert.NotNull(shipped.WholeCaseValidation([]));
        Assert.NotEqual(shipped.Task, centre.Task);
    }

    [Fact]
    public void TheFocalCandidateChangesOnlyTheLossAndKeepsPlainTargets()
    {
        var focal = new LiverMassFocalRecipe();
        var shipped = new LiverMassRecipe();
        Assert.Equal(LossKind.FocalDiceBinaryCrossEntropy, focal.Defaults.Loss);
        Assert.False(focal.MarkedTargets);
        Assert.False(focal.SizeWeightedTargets);
        Assert.Equal(shipped.Defaults with { Epochs = 0, FineTuneLearningRateFactor = 0, Loss = LossKind.Dice }, focal.Defaults with { Epochs = 0, FineTuneLearningRateFactor = 0, Loss = LossKind.Dice });
        Assert.NotEqual(shipped.Task, focal.Task);
    }
}
