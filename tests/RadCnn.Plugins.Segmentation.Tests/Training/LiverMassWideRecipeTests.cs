using RadCnn.Plugins.Segmentation.Liver;
using RadCnn.Plugins.Segmentation.Models;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Training.Data;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>The wider mass-stage candidate and the mass capacity probes: their widths, data and split, and that the shipped recipes keep 8 channels.</summary>
public sealed class LiverMassWideRecipeTests
{
    [Fact]
    public void OnlyTheWideRecipesDoubleTheChannels()
    {
        Assert.Equal(8, CtSegmentationRecipeBase.BaseChannels);
        foreach (var shipped in new CtSegmentationRecipeBase[] { new LiverRecipe(), new LiverMassRecipe(), new SingleStageMassRecipe(), new LiverMassFineRecipe(), new LiverMassFitRecipe() })
        {
            Assert.Equal(8, shipped.NetworkBaseChannels);
        }

        Assert.Equal(16, new LiverMassWideRecipe().NetworkBaseChannels);
        Assert.Equal(16, new LiverMassFitWideRecipe().NetworkBaseChannels);
        Assert.Contains("16-32-64-128 channels", new LiverMassWideRecipe().Architecture, StringComparison.Ordinal);
        Assert.Contains("8-16-32-64 channels", new LiverMassRecipe().Architecture, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWideNetworkHasAboutFourTimesTheWeightsAndLoadsAtItsWidth()
    {
        using var narrow = new LiverMassRecipe().CreateModel();
        using var wide = new LiverMassWideRecipe().CreateModel();
        var ratio = (double)wide.parameters().Sum(p => p.numel()) / narrow.parameters().Sum(p => p.numel());
        Assert.InRange(ratio, 3.5, 4.1);

        var path = Path.Combine(Path.GetTempPath(), $"liver-mass-wide-{Guid.NewGuid():N}.bin");
        try
        {
            wide.save(path);
            using var loaded = UNetLoader.Load(CascadeSettings.MassStage, path, 2 * CtSegmentationRecipeBase.BaseChannels);
            Assert.Equal(wide.parameters().Sum(p => p.numel()), loaded.parameters().Sum(p => p.numel()));
            Assert.ThrowsAny<Exception>(() => UNetLoader.Load(CascadeSettings.MassStage, path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheProbeFitsSixteenPhantomsWithOneForValidationAndNoTestSplit()
    {
        var probe = new LiverMassFitWideRecipe();
        Assert.Equal(16, probe.Phantoms);
        Assert.Equal(new SplitFractions(Validation: 0.07, Test: 0), probe.Defaults.Split);
        Assert.Null(probe.WholeCaseValidation([]));
        Assert.Equal(new LiverMassRecipe().PatchesPerCase, probe.PatchesPerCase);
        Assert.True(probe.AugmentIntensity);
        var ids = Enumerable.Range(0, 16).Select(i => $"abdomen-ct-s4-c{i:D4}");
        var sets = PatientSplit.Assign(ids, probe.Defaults.Split, 4).Values.ToList();
        Assert.Equal(15, sets.Count(s => s == DataSplit.Train));
        Assert.Equal(1, sets.Count(s => s == DataSplit.Validation));
        Assert.Equal(60, new LiverMassWideRecipe().Phantoms);
    }

    /// <summary>The shipped 8-channel weights widened into the 16-channel network give the same logits, and the new channels can learn.</summary>
    [Fact]
    public void TheShippedWeightsWidenedGiveTheShippedLogitsAndTheNewChannelsGetAGradient()
    {
        var stage = CascadeSettings.MassStage;
        using var narrow = UNetLoader.Load(stage, Path.Combine(Repository.ModelFolder, "liver-mass", "model.bin"));
        using var wide = new UNet3D(stage.Patch.Depth, 2 * CtSegmentationRecipeBase.BaseChannels);
        UNet3DWidening.Widen(narrow, wide);
        wide.eval();
        using var scope = NewDisposeScope();
        var (d, h, w) = stage.Patch;
        var input = rand(new long[] { 1, 1, d, h, w }, generator: new TorchSharp.torch.Generator(7));
        using (no_grad())
        {
            var expected = narrow.forward(input);
            var actual = wide.forward(input);
            Assert.True(expected.abs().max().item<float>() > 0.1f);
            Assert.True(allclose(expected, actual, rtol: 1e-4, atol: 1e-4), $"max difference {(expected - actual).abs().max().item<float>()}");
        }

        // Without the widening the two disagree, so the comparison above can fail.
        using var fresh = new UNet3D(stage.Patch.Depth, 2 * CtSegmentationRecipeBase.BaseChannels);
        fresh.eval();
        using (no_grad())
        {
            Assert.False(allclose(narrow.forward(input), fresh.forward(input), rtol: 1e-4, atol: 1e-4));
        }

        var head = wide.named_parameters().Single(p => p.name == "head.weight").parameter;
        wide.forward(input).sum().backward();
        var extra = head.grad!.narrow(1, CtSegmentationRecipeBase.BaseChannels, CtSegmentationRecipeBase.BaseChannels);
        Assert.True(extra.abs().max().item<float>() > 0f);
    }
}
