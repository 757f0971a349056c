using RadCnn.Plugins.Classification.Training;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// `classification-3d-400` and `classification-2d-400`: the shipped recipes drawing four times the phantom scans and
/// nothing else changed, so that their runs read as the effect of more data alone.
/// </summary>
public sealed class MoreScansRecipeTests
{
    [Theory]
    [InlineData(typeof(Classification3dMoreScansRecipe), typeof(Classification3dRecipe), "classification-3d-400")]
    [InlineData(typeof(Classification2dMoreScansRecipe), typeof(Classification2dRecipe), "classification-2d-400")]
    public void TheRecipeDrawsFourTimesTheScansAndChangesNothingElse(Type type, Type shippedType, string task)
    {
        var recipes = PluginRecipes.All();
        Assert.Single(recipes, r => r.Task == task);

        var recipe = (NoduleRecipeBase)Activator.CreateInstance(type)!;
        var shipped = (NoduleRecipeBase)Activator.CreateInstance(shippedType)!;
        Assert.Equal(NoduleRecipeBase.PhantomCount, shipped.PhantomScans);
        Assert.Equal(4 * shipped.PhantomScans, recipe.PhantomScans);
        Assert.Equal(shipped.Defaults, recipe.Defaults);
        Assert.Equal(shipped.Input, recipe.Input);
        Assert.Equal(shipped.ClassNames, recipe.ClassNames);
        Assert.Equal(shipped.ThreeD, recipe.ThreeD);
        Assert.Equal(shipped.Views, recipe.Views);
        Assert.Equal(shipped.Geometry3d, recipe.Geometry3d);
        Assert.StartsWith(shipped.Architecture, recipe.Architecture, StringComparison.Ordinal);

        // The first scans of a seed are the shipped recipe's own cases: the same generator, matrix and slices.
        var first = recipe.PhantomGenerator.Generate(1, 0);
        var shippedFirst = shipped.PhantomGenerator.Generate(1, 0);
        Assert.Equal(shippedFirst.Id, first.Id);
        Assert.Equal(shippedFirst.Nodules, first.Nodules);
        Assert.Equal(shippedFirst.PixelSpacing, first.PixelSpacing);
    }
}
