using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Optimization;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>The mass-stage candidate with residual blocks at full resolution: only its recipes have them, and it starts as the shipped network.</summary>
public sealed class LiverMassRefinedRecipeTests
{
    [Fact]
    public void OnlyTheRefinedRecipesHaveTheFullResolutionBlocks()
    {
        foreach (var shipped in new CtSegmentationRecipeBase[] { new LiverRecipe(), new LiverMassRecipe(), new SingleStageMassRecipe(), new LiverMassWideRecipe() })
        {
            Assert.False(shipped.RefineFullResolution);
            using var net = (UNet3D)shipped.CreateModel();
            Assert.False(net.RefinesFullResolution);
            Assert.DoesNotContain("residual", shipped.Architecture, StringComparison.Ordinal);
        }

        var recall = new LiverMassRefinedRecallRecipe();
        Assert.True(recall.RefineFullResolution);
        Assert.Equal(LossKind.ComponentDiceBinaryCrossEntropy, recall.Defaults.Loss);
        Assert.Equal(1, recall.Defaults.ComponentRecallWeight);
        Assert.True(new LiverMassRefinedRecipe().RefineFullResolution);
        Assert.Equal(new LiverMassRecipe().Defaults.Loss, new LiverMassRefinedRecipe().Defaults.Loss);
        Assert.Contains("two residual blocks", recall.Architecture, StringComparison.Ordinal);
        using var refined = (UNet3D)recall.CreateModel();
        using var plain = (UNet3D)new LiverMassRecipe().CreateModel();
        var extra = refined.parameters().Sum(p => p.numel()) - plain.parameters().Sum(p => p.numel());
        Assert.Equal(4 * ((8 * 8 * 27) + (2 * 8)), extra);
    }

    /// <summary>The shipped weights put into the refined network give the shipped logits, and the new blocks get a gradient.</summary>
    [Fact]
    public void TheShippedWeightsRefinedGiveTheShippedLogitsAndTheNewBlocksLearn()
    {
        var stage = CascadeSettings.MassStage;
        using var trained = UNetLoader.Load(stage, Path.Combine(Repository.ModelFolder, "liver-mass", "model.bin"));
        using var refined = new UNet3D(stage.Patch.Depth, CtSegmentationRecipeBase.BaseChannels, refineFullResolution: true);
        UNet3DRefinement.StartFrom(trained, refined);
        refined.eval();
        using var scope = NewDisposeScope();
        var (d, h, w) = stage.Patch;
        var input = rand(new long[] { 1, 1, d, h, w }, generator: new TorchSharp.torch.Generator(7));
        using (no_grad())
        {
            var expected = trained.forward(input);
            var actual = refined.forward(input);
            Assert.True(expected.abs().max().item<float>() > 0.1f);
            Assert.True(allclose(expected, actual, rtol: 1e-5, atol: 1e-5), $"max difference {(expected - actual).abs().max().item<float>()}");
        }

        // A refined network whose blocks are not at their start computes something else, so the comparison above can fail.
        using var moved = new UNet3D(stage.Patch.Depth, CtSegmentationRecipeBase.BaseChannels, refineFullResolution: true);
        UNet3DRefinement.StartFrom(trained, moved);
        using (no_grad())
        {
            moved.named_parameters().Single(p => p.name == "refineDecoder.norm1.weight").parameter.fill_(1f);
        }

        moved.eval();
        using (no_grad())
        {
            Assert.False(allclose(trained.forward(input), moved.forward(input), rtol: 1e-4, atol: 1e-4));
        }

        refined.train();
        refined.forward(input).sum().backward();
        foreach (var name in new[] { "refineEncoder.norm1.weight", "refineDecoder.norm1.weight" })
        {
            var gamma = refined.named_parameters().Single(p => p.name == name).parameter;
            Assert.True(gamma.grad!.abs().max().item<float>() > 0f, name);
        }

        // Weights of another width are refused with the parameter that differs.
        using var wide = new UNet3D(stage.Patch.Depth, 2 * CtSegmentationRecipeBase.BaseChannels);
        var error = Assert.Throws<ArgumentException>(() => UNet3DRefinement.StartFrom(wide, refined));
        Assert.Contains("width", error.Message, StringComparison.Ordinal);
    }
}
