using RadCnn.Abstractions.Plugins;

namespace RadCnn.Abstractions.Tests.Plugins;

public sealed class PluginContractTests
{
    [Fact]
    public void Version_matches_the_assembly_version_plugins_compile_against()
    {
        var assembly = typeof(IRadCnnPlugin).Assembly.GetName().Version!;
        Assert.Equal(PluginContract.Version, new Version(assembly.Major, assembly.Minor));
    }

    [Fact]
    public void Same_major_and_older_or_equal_minor_is_compatible()
    {
        var v = PluginContract.Version;
        Assert.True(PluginContract.IsCompatible(v));
        Assert.True(PluginContract.IsCompatible(new Version(v.Major, 0)));
        Assert.False(PluginContract.IsCompatible(new Version(v.Major, v.Minor + 1)));
        Assert.False(PluginContract.IsCompatible(new Version(v.Major - 1, 9)));
        Assert.False(PluginContract.IsCompatible(new Version(v.Major + 1, 0)));
    }
}
