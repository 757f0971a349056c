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

    [Fact]
    public void Eval_without_weights_uses_the_installed_plugins_pinned_model_and_refuses_a_tampered_one()
    {
        using var plugins = new TempDirectory("radcnn-recipes");
        var folder = FixturePlugins.Deploy("Echo.V1", plugins.Path, "echo");

        using (var catalog = RecipeCatalog.Load([plugins.Path]))
        {
            Assert.Equal(Path.Combine(folder, "model", "weights.bin"), catalog.ShippedWeights(catalog.Find("echo-demo")));
            Assert.Null(catalog.ShippedWeights(catalog.Find("cxr-demo"))); // the toolkit's own recipe ships no weights
        }

        File.AppendAllText(Path.Combine(folder, "model", "weights.bin"), "tampered");
        using var tampered = RecipeCatalog.Load([plugins.Path]);
        var error = Assert.Throws<RadCnn.Abstractions.Manifest.PluginManifestException>(() => tampered.ShippedWeights(tampered.Find("echo-demo")));
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }
}
