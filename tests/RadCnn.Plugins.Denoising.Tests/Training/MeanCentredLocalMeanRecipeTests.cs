using RadCnn.Plugins.Denoising.Training;
using RadCnn.Training.Optimization;
using RadCnn.Training.Phantoms.LowDoseCt;

namespace RadCnn.Plugins.Denoising.Tests.Training;

/// <summary>The local-mean recipes differ only in the term's weight: `denoising-unet-mc-lm` keeps 10, `denoising-unet-mc-lm4` trains with 4, `denoising-unet-mc-lm7` with 7, `denoising-unet-mc-lm8` with 8 and every epoch run; `denoising-unet-mc-textured` is `denoising-unet-mc-lm8` on textured body phantoms.</summary>
public sealed class MeanCentredLocalMeanRecipeTests
{
    [Fact]
    public void TheWeightFourRecipeIsTheLocalMeanRecipeWithWeightFour()
    {
        var ten = new DenoisingUNetMeanCentredLocalMeanRecipe();
        var four = new DenoisingUNetMeanCentredLocalMeanWeight4Recipe();
        Assert.Equal("denoising-unet-mc-lm4", four.Task);
        Assert.Equal(10, ten.Defaults.LocalMeanWeight);
        Assert.Equal(4, four.Defaults.LocalMeanWeight);
        Assert.Equal(ten.Defaults with { LocalMeanWeight = 4 }, four.Defaults);
        Assert.Contains("4 x MSE of the error's 16x16 box means", four.Architecture, StringComparison.Ordinal);
        Assert.Contains("10 x MSE of the error's 16x16 box means", ten.Architecture, StringComparison.Ordinal);

        // The plain recipes keep plain squared error (the weight is not read there).
        Assert.Equal(LossKind.MeanSquaredError, new DenoisingUNetMeanCentredRecipe().Defaults.Loss);
    }

    [Fact]
    public void TheWeightSevenRecipeIsTheLocalMeanRecipeWithWeightSeven()
    {
        var ten = new DenoisingUNetMeanCentredLocalMeanRecipe();
        var seven = new DenoisingUNetMeanCentredLocalMeanWeight7Recipe();
        Assert.Equal("denoising-unet-mc-lm7", seven.Task);
        Assert.Equal(7, seven.Defaults.LocalMeanWeight);
        Assert.Equal(ten.Defaults with { LocalMeanWeight = 7 }, seven.Defaults);
        Assert.Contains("7 x MSE of the error's 16x16 box means", seven.Architecture, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWeightEightRecipeIsTheLocalMeanRecipeWithWeightEightAndNoEarlyStop()
    {
        var ten = new DenoisingUNetMeanCentredLocalMeanRecipe();
        var eight = new DenoisingUNetMeanCentredLocalMeanWeight8Recipe();
        Assert.Equal("denoising-unet-mc-lm8", eight.Task);
        Assert.Equal(8, eight.Defaults.LocalMeanWeight);
        Assert.Equal(4, ten.Defaults.EarlyStoppingPatience);
        Assert.Equal(0, eight.Defaults.EarlyStoppingPatience);
        Assert.Equal(ten.Defaults with { LocalMeanWeight = 8, EarlyStoppingPatience = 0 }, eight.Defaults);
        Assert.Contains("8 x MSE of the error's 16x16 box means", eight.Architecture, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTexturedRecipeIsTheWeightEightRecipeOnTexturedBodyPhantoms()
    {
        var eight = new DenoisingUNetMeanCentredLocalMeanWeight8Recipe();
        var textured = new DenoisingUNetMeanCentredTexturedRecipe();
        Assert.Equal("denoising-unet-mc-textured", textured.Task);
        Assert.Equal(eight.Defaults, textured.Defaults);
        Assert.Equal(eight.Architecture, textured.Architecture);
        var generator = DenoisingUNetMeanCentredTexturedRecipe.TexturedGenerator();
        var plain = DenoisingRecipeBase.TrainingGenerator();
        Assert.True(Assert.IsType<BodySliceModel>(generator.Model).Texture);
        Assert.False(Assert.IsType<BodySliceModel>(plain.Model).Texture);
        Assert.Equal(plain.DoseRange, generator.DoseRange);
        Assert.Equal(plain.Size, generator.Size);
    }

    [Fact]
    public void TheMeanBiasRecipeIsTheTexturedRecipeWithThePatchMeanTermAndTheBiasBound()
    {
        var textured = new DenoisingUNetMeanCentredTexturedRecipe();
        var meanBias = new DenoisingUNetMeanCentredTexturedMeanBiasRecipe();
        Assert.Equal("denoising-unet-mc-textured-mb", meanBias.Task);
        Assert.Equal(0, textured.Defaults.PatchMeanWeight);
        Assert.Equal(textured.Defaults with { PatchMeanWeight = DenoisingUNetMeanCentredTexturedMeanBiasRecipe.MeanBiasWeight, PatchMeanRange = DenoisingRecipeBase.SoftTissue }, meanBias.Defaults);
        Assert.Null(textured.Defaults.PatchMeanRange);
        // −160 and 240 HU through the plugin's window are the range's ends.
        float[] ends = [-160, 240];
        DenoisingRecipeBase.Window.Normalize(ends);
        Assert.Equal(DenoisingRecipeBase.SoftTissue.Low, ends[0], 6);
        Assert.Equal(DenoisingRecipeBase.SoftTissue.High, ends[1], 6);
        Assert.Contains("8 x MSE of the error's 16x16 box means + 64 x the squared mean error over each patch's soft-tissue pixels (-160..240 HU);", meanBias.Architecture, StringComparison.Ordinal);
        Assert.DoesNotContain("squared mean error over", textured.Architecture, StringComparison.Ordinal);
        Assert.Equal(DenoisingUNetMeanCentredTexturedMeanBiasRecipe.BiasBoundHu, Assert.IsType<RobustDenoisingValidation>(meanBias.Selection(1)).LargestBiasBoundHu);
        Assert.Null(Assert.IsType<RobustDenoisingValidation>(textured.Selection(1)).LargestBiasBoundHu);
    }

    [Fact]
    public void TheWholeSliceRecipeIsTheTexturedRecipeOnWholeSlicesTwoToABatch()
    {
        var textured = new DenoisingUNetMeanCentredTexturedRecipe();
        var whole = new DenoisingUNetMeanCentredTexturedWholeSliceRecipe();
        Assert.Equal("denoising-unet-mc-textured-whole", whole.Task);
        Assert.Equal(16, textured.Defaults.BatchSize);
        Assert.Equal(textured.Defaults with { BatchSize = 2 }, whole.Defaults);
        Assert.Equal(textured.Architecture, whole.Architecture);
        Assert.Equal(DenoisingRecipeBase.Window, textured.Input);
        Assert.Equal(DenoisingRecipeBase.Window with { Height = 256, Width = 256 }, whole.Input);
        Assert.Equal(DenoisingRecipeBase.PhantomSize, whole.Input.Height);
        Assert.Null(Assert.IsType<RobustDenoisingValidation>(whole.Selection(1)).LargestBiasBoundHu);
    }

    [Fact]
    public void TheWholeSliceRecipeCutsOneWholeTexturedSliceFromEachPhantomSlice()
    {
        var whole = new DenoisingUNetMeanCentredTexturedWholeSliceRecipe();
        Assert.Equal(DenoisingRecipeBase.PatchesPerSlice, new DenoisingUNetMeanCentredTexturedRecipe().CropsPerSlice);
        Assert.Equal(1, whole.CropsPerSlice);
        var generator = DenoisingUNetMeanCentredTexturedRecipe.TexturedGenerator();
        var data = DenoisingPairs.FromPhantoms(generator, 2, 1, whole.Input, whole.CropsPerSlice);
        Assert.Equal(2, data.Count);
        var first = generator.Generate(1, 0);
        Assert.True(Assert.IsType<BodySliceModel>(generator.Model).Texture);
        var sample = data[0];
        Assert.Equal((256, 256), (sample.Height, sample.Width));
        var low = (float[])first.LowDose.Clone();
        var truth = (float[])first.Truth.Clone();
        DenoisingRecipeBase.Window.Normalize(low);
        DenoisingRecipeBase.Window.Normalize(truth);
        Assert.Equal(low, sample.Pixels);
        Assert.Equal(truth, sample.Target);

        // Air is in the crop, so its mean lies well under soft tissue's (about 0.25 in the window): what inference centres on.
        Assert.True(sample.Pixels.Average() < 0.2, $"mean {sample.Pixels.Average()}");
    }

    [Fact]
    public void TheLargeCropRecipeIsTheTexturedRecipeOnThreeCropsOf128PerSliceInTheBody()
    {
        var textured = new DenoisingUNetMeanCentredTexturedRecipe();
        var large = new DenoisingUNetMeanCentredTexturedLargeCropRecipe();
        Assert.Equal("denoising-unet-mc-textured-128", large.Task);
        Assert.Equal(textured.Defaults with { BatchSize = 4 }, large.Defaults);
        Assert.Equal(textured.Architecture, large.Architecture);
        Assert.Equal(DenoisingRecipeBase.Window with { Height = 128, Width = 128 }, large.Input);
        Assert.Equal(3, large.CropsPerSlice);

        // The patch recipe's pixels per slice and per batch.
        Assert.Equal(DenoisingRecipeBase.PatchesPerSlice * 64 * 64, large.CropsPerSlice * 128 * 128);
        Assert.Equal(textured.Defaults.BatchSize * 64 * 64, large.Defaults.BatchSize * 128 * 128);

        var generator = DenoisingUNetMeanCentredTexturedRecipe.TexturedGenerator();
        var crops = DenoisingPairs.FromPhantoms(generator, 1, 1, large.Input, large.CropsPerSlice);
        Assert.Equal(3, crops.Count);
        Assert.All(crops, c => Assert.Equal((128, 128), (c.Height, c.Width)));

        // Each crop's centre lies in the body (target above −900 HU, 0.025 in the window).
        Assert.All(crops, c => Assert.True(c.Target![(64 * 128) + 64] >= 0.025f));
    }

    [Fact]
    public void TheMoreSlicesRecipeIsTheLargeCropRecipeOnFourTimesThePhantomSlices()
    {
        var large = new DenoisingUNetMeanCentredTexturedLargeCropRecipe();
        var more = new DenoisingUNetMeanCentredTexturedMoreSlicesRecipe();
        Assert.Equal("denoising-unet-mc-textured-768", more.Task);
        AssertTrainsAlike(large, more);
        Assert.Equal(DenoisingRecipeBase.PhantomSlices, large.TrainingSlices);
        Assert.Equal(768, more.TrainingSlices);

        // The selection reads the validation patients among the recipe's own phantom patients (4 slices each).
        Assert.Equal(48, Assert.IsType<RobustDenoisingValidation>(large.Selection(1)).Patients);
        Assert.Equal(192, Assert.IsType<RobustDenoisingValidation>(more.Selection(1)).Patients);
    }

    [Fact]
    public void TheMixedTextureRecipeIsTheMoreSlicesRecipeWithHalfThePatientsTextured()
    {
        var more = new DenoisingUNetMeanCentredTexturedMoreSlicesRecipe();
        var mixed = new DenoisingUNetMeanCentredMixedTextureRecipe();
        Assert.Equal("denoising-unet-mc-mixed-768", mixed.Task);
        AssertTrainsAlike(more, mixed);
        Assert.Equal(more.TrainingSlices, mixed.TrainingSlices);
        Assert.Equal(192, Assert.IsType<RobustDenoisingValidation>(mixed.Selection(1)).Patients);

        var model = Assert.IsType<BodySliceModel>(DenoisingUNetMeanCentredMixedTextureRecipe.MixedGenerator().Model);
        Assert.False(model.Texture);
        Assert.Equal(0.5, model.TexturedPatientShare);
        Assert.Equal(DenoisingRecipeBase.TrainingGenerator().DoseRange, DenoisingUNetMeanCentredMixedTextureRecipe.MixedGenerator().DoseRange);
    }

    [Fact]
    public void ThePlainRecipeIsTheMixedRecipeWithNoPatientTextured()
    {
        var mixed = new DenoisingUNetMeanCentredMixedTextureRecipe();
        var plain = new DenoisingUNetMeanCentredPlainMoreSlicesRecipe();
        Assert.Equal("denoising-unet-mc-plain-768", plain.Task);
        AssertTrainsAlike(mixed, plain);
        Assert.Equal(mixed.TrainingSlices, plain.TrainingSlices);
        var selection = Assert.IsType<RobustDenoisingValidation>(plain.Selection(1));
        Assert.Equal(192, selection.Patients);

        // Each recipe's selection scores its own anatomy: plain, half textured, all textured.
        Assert.Equal("body", selection.Anatomy);
        Assert.Equal("body-mixed", Assert.IsType<RobustDenoisingValidation>(mixed.Selection(1)).Anatomy);
        Assert.Equal("body-textured", Assert.IsType<RobustDenoisingValidation>(new DenoisingUNetMeanCentredTexturedMoreSlicesRecipe().Selection(1)).Anatomy);
    }

    /// <summary>The same optimiser settings, network, input and crops per slice: two recipes that differ only in their data.</summary>
    private static void AssertTrainsAlike(DenoisingRecipeBase expected, DenoisingRecipeBase actual)
    {
        Assert.Equal(expected.Defaults, actual.Defaults);
        Assert.Equal(expected.Architecture, actual.Architecture);
        Assert.Equal(expected.Input, actual.Input);
        Assert.Equal(expected.CropsPerSlice, actual.CropsPerSlice);
    }
}
