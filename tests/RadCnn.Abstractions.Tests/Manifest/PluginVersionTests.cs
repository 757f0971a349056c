using RadCnn.Abstractions.Manifest;

namespace RadCnn.Abstractions.Tests.Manifest;

public sealed class PluginVersionTests
{
    [Fact]
    public void Orders_by_semver_precedence()
    {
        // The ordering example of SemVer 2.0 §11, plus build metadata that must not matter.
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"];
        var versions = ordered.Select(PluginVersion.Parse).ToList();

        for (var i = 1; i < versions.Count; i++)
        {
            Assert.True(versions[i - 1] < versions[i], $"{ordered[i - 1]} < {ordered[i]}");
            Assert.True(versions[i] > versions[i - 1]);
        }

        Assert.Equal(PluginVersion.Parse("1.0.0+a"), PluginVersion.Parse("1.0.0+b"));
        Assert.Equal("1.0.0-rc.1+sha.5", PluginVersion.Parse("1.0.0-rc.1+sha.5").ToString());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0+")]
    [InlineData("1.0.0-a..b")]
    [InlineData("v1.0.0")]
    [InlineData("")]
    public void Rejects_what_is_not_semver(string text)
    {
        Assert.False(PluginVersion.TryParse(text, out _));
        Assert.Throws<FormatException>(() => PluginVersion.Parse(text));
    }
}
