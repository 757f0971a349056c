using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Phantoms.AbdomenCt;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>The 2 mm mass-stage candidate: its grid, that it fine-tunes from the shipped 2.5 mm weights, and that its epochs are judged on its own grid.</summary>
public sealed class LiverMassFineRecipeTests
{
    [Fact]
    public void WorksOnAFinerGridWithTheShippedStagesPatchAndLeavesTheShippedStageAlone()
    {
        var recipe = new LiverMassFineRecipe();
        Assert.Equal("segmentation-liver-mass-fine", recipe.Task);
        Assert.Equal((2.0, 2.0, 2.0), recipe.Stage.Spacing);
        Assert.Equal(CascadeSettings.MassStage.Patch, recipe.Stage.Patch);
        Assert.Equal((2.5, 2.5, 2.5), new LiverMassRecipe().Stage.Spacing);
        Assert.Equal(new LiverMassRecipe().PatchesPerCase, recipe.PatchesPerCase);
        Assert.True(recipe.AugmentIntensity);
    }

    [Fact]
    public void TheShippedWeightsLoadIntoTheFineStageAndGiveOneLogitPerVoxel()
    {
        var stage = CascadeSettings.FineMassStage;
        using var net = UNetLoader.Load(stage, Path.Combine(Repository.ModelFolder, "liver-mass", "model.bin"));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (d, h, w) = stage.Patch;
        var output = net.forward(full(new long[] { 1, 1, d, h, w }, 0.5f));
        Assert.Equal(new long[] { 1, 1, d, h, w }, output.shape);
        Assert.Equal(new LiverMassFineRecipe().CreateModel().parameters().Sum(p => p.numel()), net.parameters().Sum(p => p.numel()));
    }

    /// <summary>The whole-volume epoch choice runs the sliding window on the recipe's grid: the same liver box needs more 2 mm windows than 2.5 mm ones.</summary>
    [Fact]
    public void JudgesEpochsOnWholeVolumesAtItsOwnSpacing()
    {
        var ct = PhantomCases.Generate(new AbdomenCtGenerator(), 1, 9001)[0];
        var settings = LiverMassRecipe.PluginThresholds();
        var patches = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var recipe in new LiverMassRecipe[] { new(), new LiverMassFineRecipe() })
        {
            using var counter = new CountingModule();
            var validation = Assert.IsType<MassVolumeValidation>(recipe.WholeCaseValidation([ct]));
            Assert.InRange(validation.Score(counter, new HashSet<string> { ct.Id }, CPU), 0, 1);
            patches[recipe.Task] = counter.Patches;
        }

        Assert.True(patches["segmentation-liver-mass-fine"] > patches["segmentation-liver-mass"], string.Join(", ", patches));
    }

    /// <summary>Calls nothing a mass and counts the patches it was shown.</summary>
    private sealed class CountingModule() : nn.Module<Tensor, Tensor>("counting")
    {
        public int Patches { get; private set; }

        public override Tensor forward(Tensor input)
        {
            Patches += (int)input.shape[0];
            return full_like(input, -10f);
        }
    }
}
