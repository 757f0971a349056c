using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Evaluation;
using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Phantoms.AbdomenCt;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>The mass recipe's whole-volume validation figure: its per-case score, and the cascade's mass stage run on whole phantoms.</summary>
public sealed class MassVolumeValidationTests
{
    private const int HeldOutSeed = 9001;

    private static CaseMetrics Case(double? dice, int large, int found, int falsePositives) =>
        new("c", 1, 0, 0, dice, large, large, found, found, falsePositives);

    [Fact]
    public void CaseScorePunishesFalsePositivesAndMissedMassesAndRewardsAnEmptyCaseLeftEmpty()
    {
        Assert.Equal(1, MassVolumeValidation.CaseScore(Case(null, 0, 0, 0)));
        Assert.Equal(0, MassVolumeValidation.CaseScore(Case(null, 0, 0, 1)));
        Assert.Equal(0.9, MassVolumeValidation.CaseScore(Case(0.8, 2, 2, 0)), 12);
        // One of two masses missed: F = 2/3.
        Assert.Equal((0.8 + (2.0 / 3)) / 2, MassVolumeValidation.CaseScore(Case(0.8, 2, 1, 0)), 12);
        // Both found, one false positive elsewhere in the liver: F = 4/5.
        Assert.Equal((0.8 + 0.8) / 2, MassVolumeValidation.CaseScore(Case(0.8, 2, 2, 1)), 12);
        Assert.Equal(0, MassVolumeValidation.CaseScore(Case(0, 2, 0, 0)));
    }

    /// <summary>
    /// Whole held-out phantoms: a network that calls nothing a mass scores 0 on a case with masses and 1 on the same
    /// case with its masses removed from the truth; the shipped mass network, which finds masses of 34 mm and more,
    /// scores above nothing on cases holding one. Only validation patients are scored.
    /// </summary>
    [Fact]
    public void ScoresWholeValidationPhantomsThroughTheCascadesMassStage()
    {
        var cases = PhantomCases.Generate(new AbdomenCtGenerator(), 8, HeldOutSeed);
        var withMasses = cases.Where(c => c.Masses.Any(m => m)).ToList();
        Assert.NotEmpty(withMasses);
        var emptied = withMasses[0] with { Id = "no-masses", Masses = new bool[withMasses[0].Masses.Length] };
        var all = cases.Append(emptied).ToList();
        var settings = LiverMassRecipe.PluginThresholds();

        using var nothing = new ConstantLogit(-10);
        var validation = new MassVolumeValidation(all, settings);
        Assert.Equal(0, validation.Score(nothing, new HashSet<string> { withMasses[0].Id }, CPU));
        Assert.Equal(1, validation.Score(nothing, new HashSet<string> { emptied.Id }, CPU));
        Assert.Equal([emptied.Id], validation.LastScored);
        Assert.Throws<InvalidOperationException>(() => validation.Score(nothing, new HashSet<string> { "not-loaded" }, CPU));

        var large = withMasses.Where(c => MaskMeasures.Lesions(c.Masses, c.Hu).Any(l => l.LongestAxialDiameterMm >= 34)).Take(1).ToList();
        Assert.NotEmpty(large);
        using var shipped = UNetLoader.Load(CascadeSettings.MassStage, Path.Combine(Repository.ModelFolder, "liver-mass", "model.bin"));
        var score = validation.Score(shipped, large.Select(c => c.Id).ToHashSet(), CPU);
        Assert.InRange(score, 0.2, 1);
        Assert.Equal(large.Select(c => c.Id).Order(StringComparer.Ordinal), validation.LastScored);
    }

    [Fact]
    public void OnlyTheMassRecipeKeepsItsEpochByWholeVolumes()
    {
        Assert.IsType<MassVolumeValidation>(new LiverMassRecipe().WholeCaseValidation([]));
        Assert.Null(new LiverRecipe().WholeCaseValidation([]));
        Assert.Null(new SingleStageMassRecipe().WholeCaseValidation([]));
    }

    /// <summary>Outputs one logit everywhere, whatever the patch.</summary>
    private sealed class ConstantLogit(float value) : nn.Module<Tensor, Tensor>("constant")
    {
        public override Tensor forward(Tensor input) => full_like(input, value);
    }
}
