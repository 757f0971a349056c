using RadCnn.Host.Tests.Plugins;
using RadCnn.Host.Training;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Training;

public sealed class RecipeCatalogTests
{
    [Fact]
    public void Plugins_directory_given_as_a_relative_path_is_searched()
    {
        // Operators type `radcnn train --plugins var/plugins`: the loader needs absolute paths.
        using var plugins = new TempDirectory("radcnn-recipes");
        FixturePlugins.Deploy("NoOp", plugins.Path, "noop");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, plugins.Path);
        Assert.False(Path.IsPathRooted(relative));

        using var catalog = RecipeCatalog.Load([relative]);

        Assert.Empty(catalog.Problems);
        Assert.Contains(catalog.Recipes, r => r.Task == "cxr-demo");
    }
}
