using RadCnn.Engine;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Uterus;
using RadCnn.Training.Recipes;
using RadCnn.Training.Robustness;
using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

/// <summary>
/// The FGSM fine-tune of the shipped uterus network: the shipped recipe's settings with only the attack
/// added (above the probe's epsilon, in the probe's input range), not itself a shipped model; its examples
/// on real packed training slices move only the first share of a batch, each used input pixel by at most
/// epsilon within the range, and leave the packed layout's unused plane at zero. The contrast variant
/// differs from it only in how often a volume gets a tissue-contrast curve or a coil field.
/// </summary>
public sealed class UterusMixedFgsmRecipeTests
{
    [Fact]
    public void TheShippedRecipeWithOnlyTheAttackAddedAboveTheProbesEpsilon()
    {
        var recipe = new UterusMixedFgsmRecipe();
        var shipped = new UterusMixedRecipe();

        Assert.Equal(shipped.Defaults, recipe.Defaults with { Adversarial = null });
        Assert.Null(shipped.Defaults.Adversarial);
        Assert.Equal(shipped.Intensity, recipe.Intensity);
        Assert.Equal(shipped.Phantoms, recipe.Phantoms);
        Assert.Equal(shipped.Planes, recipe.Planes);
        Assert.Equal(shipped.Input, recipe.Input);

        var attack = recipe.Defaults.Adversarial!;
        attack.Validate();
        Assert.True(attack.Epsilon > new EngineOptions().FgsmEpsilon, $"training epsilon {attack.Epsilon} should lie above the probe's");
        Assert.Equal(1, attack.Steps);
        Assert.Equal(0.5, attack.Fraction);
        Assert.Equal(((double, double)?)(0d, MrSlices.MaxValue), attack.InputRange);
        Assert.Null(attack.TradesBeta);

        Assert.Null(Attribute.GetCustomAttribute(typeof(UterusMixedFgsmRecipe), typeof(ShippedModelAttribute)));
        Assert.NotNull(Attribute.GetCustomAttribute(typeof(UterusMixedRecipe), typeof(ShippedModelAttribute)));
        Assert.NotEqual(shipped.Task, recipe.Task);
    }

    [Fact]
    public void TheAxialVariantDrawsAxialPhantomsTwiceAndChangesNothingElse()
    {
        var fgsm = new UterusMixedFgsmRecipe();
        var axial = new UterusMixedAxialFgsmRecipe();

        Assert.Equal(1, fgsm.AxialRepeats);
        Assert.Equal(new UterusMixedAxialRecipe().AxialRepeats, axial.AxialRepeats);
        Assert.Equal(2, axial.AxialRepeats);
        Assert.Equal(fgsm.Defaults, axial.Defaults);
        Assert.Equal(fgsm.Intensity, axial.Intensity);
        Assert.Equal(fgsm.Phantoms, axial.Phantoms);
        Assert.Equal(fgsm.Planes, axial.Planes);
        Assert.NotEqual(fgsm.Task, axial.Task);
        Assert.Null(Attribute.GetCustomAttribute(typeof(UterusMixedAxialFgsmRecipe), typeof(ShippedModelAttribute)));
    }

    [Fact]
    public void TheContrastVariantChangesOnlyTheShareOfContrastCurvesAndCoilFields()
    {
        var fgsm = new UterusMixedFgsmRecipe();
        var contrast = new UterusMixedFgsmContrastRecipe();
        var shipped = new UterusMixedRecipe();

        Assert.Equal(fgsm.Defaults, contrast.Defaults);
        Assert.Equal(shipped.Intensity with { ContrastCurveProbability = 0, CoilBiasProbability = 0 }, contrast.Intensity with { ContrastCurveProbability = 0, CoilBiasProbability = 0 });
        Assert.True(contrast.Intensity.ContrastCurveProbability > shipped.Intensity.ContrastCurveProbability);
        Assert.True(contrast.Intensity.CoilBiasProbability > shipped.Intensity.CoilBiasProbability);
        Assert.Equal(shipped.Phantoms, contrast.Phantoms);
        Assert.NotEqual(fgsm.Task, contrast.Task);
        Assert.Null(Attribute.GetCustomAttribute(typeof(UterusMixedFgsmContrastRecipe), typeof(ShippedModelAttribute)));
    }

    [Fact]
    public void ExamplesOnPackedSlicesStayInTheBallTheRangeAndTheUsedPlanes()
    {
        var recipe = new UterusMixedFgsmRecipe();
        var attack = recipe.Defaults.Adversarial!;
        var samples = new TwoPhantoms().LoadData(null, 3).Samples.Where(s => s.Target!.Contains(1f)).Take(4).ToList();
        Assert.Equal(4, samples.Count);
        using var scope = NewDisposeScope();
        var images = stack(samples.Select(s => tensor(s.Pixels, [s.Channels, s.Height, s.Width])).ToList());
        var targets = stack(samples.Select(s => tensor(s.Target!, [1, s.Height, s.Width])).ToList());
        using var model = recipe.CreateModel();
        model.train();

        var mixed = AdversarialExamples.Mix(model, images, targets, recipe.Defaults.Loss, attack);

        Assert.True(model.training, "the attack must give the model back in training mode");
        var perturbed = (int)Math.Ceiling(attack.Fraction * samples.Count);
        var change = mixed.sub(images).abs();
        Assert.Equal(0f, change.narrow(0, perturbed, samples.Count - perturbed).max().item<float>());
        var moved = change.narrow(0, 0, perturbed);
        Assert.InRange(moved.max().item<float>(), (float)attack.Epsilon - 1e-5f, (float)attack.Epsilon + 1e-5f);
        Assert.True(mixed.min().item<float>() >= 0 && mixed.max().item<float>() <= MrSlices.MaxValue);

        // Three planes travel in two channels: the second channel's lower half is padding the network never reads.
        var side = images.shape[3];
        Assert.Equal(0f, mixed.narrow(1, 1, 1).narrow(2, side, side).abs().max().item<float>());
    }

    [Fact]
    public void TheVariedAndPlainVariantsDifferOnlyInWhichRenditionsAreAttackedFirst()
    {
        var fgsm = new UterusMixedFgsmRecipe();
        var varied = new UterusMixedFgsmVariedRecipe();

        Assert.Equal(fgsm.Defaults, varied.Defaults);
        Assert.Equal(fgsm.Intensity, varied.Intensity);
        Assert.Equal(fgsm.Phantoms, varied.Phantoms);
        var plain = new UterusMixedFgsmPlainRecipe();
        Assert.Equal(fgsm.Defaults, plain.Defaults);
        Assert.Equal(fgsm.Intensity, plain.Intensity);
        Assert.Equal(RenditionsAttackedFirst.None, fgsm.AttackedFirst);
        Assert.Equal(RenditionsAttackedFirst.ContrastOrCoil, varied.AttackedFirst);
        Assert.Equal(RenditionsAttackedFirst.Plain, plain.AttackedFirst);
        var contrastPlain = new UterusMixedFgsmContrastPlainRecipe();
        Assert.Equal(fgsm.Defaults, contrastPlain.Defaults);
        Assert.Equal(new UterusMixedFgsmContrastRecipe().Intensity, contrastPlain.Intensity);
        Assert.Equal(RenditionsAttackedFirst.Plain, contrastPlain.AttackedFirst);
        Assert.Equal(4, new[] { fgsm.Task, varied.Task, plain.Task, contrastPlain.Task }.Distinct().Count());
        Assert.Null(Attribute.GetCustomAttribute(typeof(UterusMixedFgsmVariedRecipe), typeof(ShippedModelAttribute)));
        Assert.Null(Attribute.GetCustomAttribute(typeof(UterusMixedFgsmPlainRecipe), typeof(ShippedModelAttribute)));
    }

    [Fact]
    public void OnlySlicesOfTheChosenRenditionsAreMarkedAndTheDataStayTheSame()
    {
        var plain = new TwoPhantoms { Varied = true }.LoadData(null, 3).Samples;
        var allVaried = new TwoPhantoms { Marks = RenditionsAttackedFirst.ContrastOrCoil, Varied = true }.LoadData(null, 3).Samples;
        var noneVaried = new TwoPhantoms { Marks = RenditionsAttackedFirst.ContrastOrCoil, Varied = false }.LoadData(null, 3).Samples;
        var plainMarked = new TwoPhantoms { Marks = RenditionsAttackedFirst.Plain, Varied = false }.LoadData(null, 3).Samples;
        var plainOfVaried = new TwoPhantoms { Marks = RenditionsAttackedFirst.Plain, Varied = true }.LoadData(null, 3).Samples;

        // Marking draws nothing from the random stream: the same slices, pixel for pixel.
        Assert.Equal(plain.Select(s => s.Id), allVaried.Select(s => s.Id));
        Assert.All(plain.Zip(allVaried), p => Assert.Equal(p.First.Pixels, p.Second.Pixels));
        Assert.DoesNotContain(plain, s => s.AttackFirst);
        Assert.All(allVaried, s => Assert.True(s.AttackFirst));
        Assert.NotEmpty(noneVaried);
        Assert.All(noneVaried, s => Assert.False(s.AttackFirst));
        Assert.All(plainMarked, s => Assert.True(s.AttackFirst));
        Assert.All(plainOfVaried, s => Assert.False(s.AttackFirst));
    }

    [Fact]
    public void TheTradesVariantsAreTheShippedRecipeWithAVoxelDivergenceAtTheFgsmRecipesRadius()
    {
        var shipped = new UterusMixedRecipe();
        var trades = new UterusMixedTradesRecipe();
        var strong = new UterusMixedTradesStrongRecipe();

        foreach (var recipe in new UterusMixedTradesRecipe[] { trades, strong })
        {
            Assert.Equal(shipped.Defaults, recipe.Defaults with { Adversarial = null });
            Assert.Equal(shipped.Intensity, recipe.Intensity);
            Assert.Equal(shipped.Phantoms, recipe.Phantoms);
            var attack = recipe.Defaults.Adversarial!;
            recipe.Defaults.Validate();
            Assert.Equal(new UterusMixedFgsmRecipe().Defaults.Adversarial!.Epsilon, attack.Epsilon);
            Assert.Equal(((double, double)?)(0d, MrSlices.MaxValue), attack.InputRange);
            Assert.Equal(recipe.Beta, attack.TradesBeta);
            Assert.Null(Attribute.GetCustomAttribute(recipe.GetType(), typeof(ShippedModelAttribute)));
        }

        Assert.Equal(4 * trades.Beta, strong.Beta);
        Assert.Equal(3, new[] { shipped.Task, trades.Task, strong.Task }.Distinct().Count());
    }

    [Fact]
    public void TradesExamplesOnPackedSlicesStayInTheBallAndTheRange()
    {
        var recipe = new UterusMixedTradesRecipe();
        var attack = recipe.Defaults.Adversarial!;
        var samples = new TwoPhantoms().LoadData(null, 3).Samples.Where(s => s.Target!.Contains(1f)).Take(2).ToList();
        using var scope = NewDisposeScope();
        var images = stack(samples.Select(s => tensor(s.Pixels, [s.Channels, s.Height, s.Width])).ToList());
        using var model = recipe.CreateModel();
        model.train();

        var perturbed = AdversarialExamples.PerturbTrades(model, images, attack, recipe.Defaults.Loss);

        Assert.True(model.training, "the attack must give the model back in training mode");
        Assert.InRange(perturbed.sub(images).abs().max().item<float>(), (float)attack.Epsilon - 1e-5f, (float)attack.Epsilon + 1e-5f);
        Assert.True(perturbed.min().item<float>() >= 0 && perturbed.max().item<float>() <= MrSlices.MaxValue);
    }

    private sealed class TwoPhantoms : UterusMixedRecipe
    {
        public RenditionsAttackedFirst Marks { get; init; }

        public bool? Varied { get; init; }

        public override int Phantoms => 2;

        internal override RenditionsAttackedFirst AttackedFirst => Marks;

        internal override IntensityAugmentationOptions Intensity => Varied is { } v
            ? base.Intensity with { ContrastCurveProbability = v ? 1 : 0, CoilBiasProbability = 0 }
            : base.Intensity;
    }
}
