using RadCnn.Plugins.Classification.Training;
using RadCnn.Training.Recipes;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>The plugin's recipes as the training catalog sees them: every public recipe type, made with its parameterless constructor.</summary>
internal static class PluginRecipes
{
    public static IReadOnlyList<ITrainingRecipe> All() =>
        typeof(Classification3dRecipe).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(ITrainingRecipe).IsAssignableFrom(t))
            .Select(t => (ITrainingRecipe)Activator.CreateInstance(t)!)
            .ToList();
}
