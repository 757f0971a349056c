using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Data;
using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>The noise-mixed mass candidates: only their training split is drawn again at a lower noise, in turn; the rest stays as generated.</summary>
public sealed class LiverMassNoiseMixRecipeTests
{
    [Fact]
    public void OnlyTheNoiseMixRecipesScaleTheTrainingNoise()
    {
        foreach (var shipped in new CtSegmentationRecipeBase[] { new LiverRecipe(), new LiverMassRecipe(), new SingleStageMassRecipe(), new LiverMassRefinedRecipe() })
        {
            Assert.Equal([1.0], shipped.TrainingNoiseScales);
        }

        Assert.Equal([1.0, 0.5, 0.25], new LiverMassNoiseMixRecipe().TrainingNoiseScales);
        Assert.Equal([1.0, 0.5, 0.25], new LiverMassNoiseMixRecallRecipe().TrainingNoiseScales);
        Assert.Equal(1, new LiverMassNoiseMixRecallRecipe().Defaults.ComponentRecallWeight);
    }

    [Fact]
    public void TheTrainingCasesTakeTheScalesInTurnAndTheOthersStayAsGenerated()
    {
        const int seed = 4;
        var cases = PhantomCases.Generate(new AbdomenCtGenerator(AbdomenCtStyle.PortalVenous, 64, 16), 6, seed);
        var split = new SplitFractions(Validation: 0.34, Test: 0);
        var sets = PatientSplit.Assign(cases.Select(c => c.Id), split, seed);
        Assert.Contains(DataSplit.Validation, sets.Values);
        Assert.True(sets.Values.Count(s => s == DataSplit.Train) >= 3);

        var mixed = CtSegmentationRecipeBase.WithNoiseScales(cases, [1.0, 0.5], split, seed, new AbdomenCtGenerator(AbdomenCtStyle.PortalVenous, 64, 16));
        Assert.Equal(cases.Select(c => c.Id), mixed.Select(c => c.Id));
        var turn = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(cases[i].Liver, mixed[i].Liver);
            Assert.Equal(cases[i].Masses, mixed[i].Masses);
            var scaled = sets[cases[i].Id] == DataSplit.Train && turn++ % 2 == 1;
            if (scaled)
            {
                Assert.NotEqual(cases[i].Hu.Values, mixed[i].Hu.Values);
                Assert.True(Spread(mixed[i]) < Spread(cases[i]), $"case {i}: noise not lowered");
            }
            else
            {
                Assert.Same(cases[i], mixed[i]);
            }
        }

        Assert.Same(cases, CtSegmentationRecipeBase.WithNoiseScales(cases, [1.0], split, seed, new AbdomenCtGenerator(AbdomenCtStyle.PortalVenous, 64, 16)));
    }

    // The mean absolute difference between neighbouring liver voxels along a row: mostly noise.
    private static double Spread(LabelledCt ct)
    {
        var width = ct.Hu.Width;
        var values = ct.Hu.Values;
        var sum = 0.0;
        var count = 0;
        for (var i = 0; i + 1 < values.Length; i++)
        {
            if (ct.Liver[i] && ct.Liver[i + 1] && (i + 1) % width != 0)
            {
                sum += Math.Abs(values[i + 1] - values[i]);
                count++;
            }
        }

        return sum / count;
    }
}
