using Microsoft.Extensions.DependencyInjection;
using RadCnn.Host.Cli;
using RadCnn.Host.Hosting;
using RadCnn.Host.Plugins;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Plugins;

/// <summary>The shipped task plugins reach every service whose operator chose no plugins directory, wherever its data lives.</summary>
public sealed class ShippedPluginsTests
{
    [Fact]
    public void A_service_with_another_data_directory_runs_with_the_shipped_plugins()
    {
        using var root = new TempDirectory("radcnn-shipped");
        var shipped = root.Combine("artifacts", "plugins");
        FixturePlugins.Deploy("Echo.V1", shipped, "echo");
        var data = root.Combine("srv", "radcnn");

        using var host = ServiceHostBuilder.Create([$"--RadCnn:DataDirectory={data}", $"--RadCnn:Plugins:Shipped={shipped}"], null).Build();
        var catalog = host.Services.GetRequiredService<PluginCatalog>();

        Assert.Equal(Path.Combine(data, "plugins"), catalog.PluginsDirectory);
        var installed = Path.Combine(data, "plugins", "echo");
        Assert.True(File.Exists(Path.Combine(installed, "plugin.json")));
        Assert.Equal(ShippedPlugins.ContentHash(Path.Combine(shipped, "echo")), File.ReadAllText(Path.Combine(installed, ShippedPlugins.MarkerFile)).Trim());
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(data, "plugins"), ".*"));
    }

    [Fact]
    public void A_plugins_directory_the_operator_chose_gets_nothing_installed()
    {
        using var root = new TempDirectory("radcnn-shipped");
        var shipped = root.Combine("shipped");
        FixturePlugins.Deploy("Echo.V1", shipped, "echo");
        var chosen = root.Combine("my-plugins");

        using var host = ServiceHostBuilder.Create(
            [$"--RadCnn:DataDirectory={root.Combine("var")}", $"--RadCnn:Plugins:Directory={chosen}", $"--RadCnn:Plugins:Shipped={shipped}"], null).Build();
        var catalog = host.Services.GetRequiredService<PluginCatalog>();

        Assert.Equal(chosen, catalog.PluginsDirectory);
        Assert.False(Directory.Exists(Path.Combine(chosen, "echo")));
        Assert.False(Directory.Exists(root.Combine("var", "plugins", "echo")));
    }

    [Fact]
    public void A_new_build_replaces_only_what_RadCnn_installed_and_never_the_operators_own_folder()
    {
        using var root = new TempDirectory("radcnn-shipped");
        var shipped = root.Combine("shipped");
        var plugins = root.Combine("plugins");
        FixturePlugins.Deploy("Echo.V1", shipped, "echo");
        FixturePlugins.Deploy("NoOp", shipped, "noop");
        FixturePlugins.Deploy("Hangs", plugins, "noop"); // the operator's own folder of that name

        var first = ShippedPlugins.Install(shipped, plugins).ToDictionary(s => s.Name, s => s.Action);
        Assert.Equal(ShippedPluginAction.Install, first["echo"]);
        Assert.Equal(ShippedPluginAction.KeptOperatorFolder, first["noop"]);
        Assert.False(File.Exists(Path.Combine(plugins, "noop", ShippedPlugins.MarkerFile)));
        Assert.Equal(File.ReadAllText(Path.Combine(FixturePlugins.Folder("Hangs"), "plugin.json")), File.ReadAllText(Path.Combine(plugins, "noop", "plugin.json")));

        Assert.Equal(ShippedPluginAction.UpToDate, ShippedPlugins.Install(shipped, plugins).Single(s => s.Name == "echo").Action);

        FixturePlugins.Deploy("Echo.V2", shipped, "echo"); // the next build ships version 2
        Assert.Equal(ShippedPluginAction.Update, ShippedPlugins.Install(shipped, plugins).Single(s => s.Name == "echo").Action);
        Assert.Contains("\"2.0.0\"", File.ReadAllText(Path.Combine(plugins, "echo", "plugin.json")), StringComparison.Ordinal);
        Assert.Equal(["echo", "noop"], Directory.EnumerateDirectories(plugins).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plugins_lists_the_shipped_plugins_before_the_first_start()
    {
        using var root = new TempDirectory("radcnn-shipped");
        var shipped = root.Combine("artifacts", "plugins");
        FixturePlugins.Deploy("Echo.V1", shipped, "echo");
        var data = root.Combine("var");

        var report = PluginsCommand.BuildReport(Path.Combine(data, "plugins"), data, shipped);

        var row = Assert.Single(report.Plugins);
        Assert.Equal("fixture.echo", row.Id);
        Assert.Equal("shipped", row.State);
        Assert.Contains("installed and loaded when the service starts", row.Reason, StringComparison.Ordinal);
        Assert.Contains("shipped", PluginsCommand.FormatTable(report), StringComparison.Ordinal);
        Assert.Empty(PluginsCommand.BuildReport(Path.Combine(data, "plugins"), data, shippedDirectory: null).Plugins);
    }
}
