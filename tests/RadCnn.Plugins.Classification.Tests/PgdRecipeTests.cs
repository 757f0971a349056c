using RadCnn.Plugins.Classification.Training;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// `classification-3d-pgd` and `classification-3d-pgd-02`: the 3D recipe with multi-step PGD adversarial training
/// and nothing else changed, so that their runs compare with `classification-3d`'s single-step ones.
/// </summary>
public sealed class PgdRecipeTests
{
    [Theory]
    [InlineData(typeof(Classification3dPgdRecipe), "classification-3d-pgd", 0.03)]
    [InlineData(typeof(Classification3dPgd02Recipe), "classification-3d-pgd-02", 0.02)]
    public void ThePgdRecipesAttackWithSeveralProjectedStepsAndChangeNothingElse(Type type, string task, double epsilon)
    {
        // The catalog creates every public recipe with a parameterless constructor, keyed by its task name.
        var recipes = PluginRecipes.All();
        Assert.Single(recipes, r => r.Task == task);
        Assert.Equal(recipes.Count, recipes.Select(r => r.Task).Distinct(StringComparer.Ordinal).Count());

        var recipe = (Classification3dRecipe)Activator.CreateInstance(type)!;
        var shipped = new Classification3dRecipe().Defaults;
        var pgd = recipe.Defaults.Adversarial!;
        pgd.Validate();
        Assert.Equal(3, pgd.Steps);
        Assert.Equal(epsilon, pgd.Epsilon);
        Assert.True(pgd.RandomStart);
        Assert.Null(pgd.TradesBeta);
        Assert.Equal(2.5 * epsilon / 3, pgd.StepSize, 12);

        // The rest is the shipped recipe's: the share of each batch, the ramp, the input range, the fine-tune rate.
        Assert.Equal(1, shipped.Adversarial!.Steps);
        Assert.Equal(shipped.Adversarial with { Epsilon = epsilon, Steps = 3 }, pgd);
        Assert.Equal(shipped with { Epochs = 12, Adversarial = pgd }, recipe.Defaults);
        Assert.Equal(new Classification3dRecipe().Input, recipe.Input);
        Assert.Equal(new Classification3dRecipe().ClassNames, recipe.ClassNames);
    }
}
