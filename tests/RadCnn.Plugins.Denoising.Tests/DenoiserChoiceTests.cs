using Microsoft.Extensions.Configuration;
using RadCnn.Abstractions.Engine;
using RadCnn.Plugins.Denoising.Tests.Support;

namespace RadCnn.Plugins.Denoising.Tests;

/// <summary>
/// The plugin's network settings read at start-up: the default choice without settings, a blend with its share and the
/// total-variation step, and each value out of range refused with the setting's name (a site's typo never runs a
/// different denoiser than it asked for).
/// </summary>
public sealed class DenoiserChoiceTests : IAsyncDisposable
{
    private readonly IInferenceEngine engine = TestEngine.Create();

    public ValueTask DisposeAsync() => ((IAsyncDisposable)engine).DisposeAsync();

    [Fact]
    public void Without_settings_it_is_the_default()
    {
        var choice = DenoiserChoice.From(Settings(), "radcnn.denoising.ldct");
        Assert.Equal(DenoiserChoice.Default, choice);
        Assert.Equal(DenoisingPlugin.DefaultModel, choice.Model);
    }

    [Fact]
    public void A_blend_and_the_step_are_read_and_described()
    {
        var choice = DenoiserChoice.From(Settings(("SecondModel", "denoising-unet"), ("FirstModelShare", "0.25"), ("RefinementWeight", "0.005"), ("RefinementIterations", "30")), "p");
        Assert.Equal(("denoising-unet", 0.25, 0.005, 30), (choice.SecondModel, choice.FirstModelShare, choice.RefinementWeight, choice.RefinementIterations));
        Assert.Contains("0.25 " + choice.Model + " + 0.75 denoising-unet", choice.Description, StringComparison.Ordinal);
        Assert.Contains("total variation 0.005 (30 iterations)", choice.Description, StringComparison.Ordinal);

        var alone = DenoiserChoice.From(Settings(("SecondModel", "none"), ("RefinementWeight", "0")), "p");
        Assert.Null(alone.SecondModel);
        Assert.Equal(1, alone.FirstModelShare);
        Assert.DoesNotContain("total variation", alone.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FirstModelShare", "1", "FirstModelShare")]
    [InlineData("FirstModelShare", "0", "FirstModelShare")]
    [InlineData("FirstModelShare", "half", "FirstModelShare")]
    [InlineData("RefinementWeight", "-0.001", "RefinementWeight")]
    [InlineData("RefinementWeight", "NaN", "RefinementWeight")]
    [InlineData("RefinementIterations", "0", "RefinementIterations")]
    [InlineData("RefinementIterations", "2.5", "RefinementIterations")]
    [InlineData("MaximumPixelSpacingMm", "0", "MaximumPixelSpacingMm")]
    [InlineData("MaximumPixelSpacingMm", "11", "MaximumPixelSpacingMm")]
    [InlineData("MaximumPixelSpacingMm", "wide", "MaximumPixelSpacingMm")]
    public async Task A_value_out_of_range_is_refused_by_name(string key, string value, string named)
    {
        // Refused at start-up by the plugin itself, before any weights load.
        await using var plugin = new DenoisingPlugin();
        var settings = new Dictionary<string, string?> { ["SecondModel"] = "denoising-unet", ["FirstModelShare"] = "0.5", [key] = value };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => plugin.InitializeAsync(new TestPluginContext(engine, settings), CancellationToken.None).AsTask());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_network_twice_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DenoiserChoice.From(Settings(("Model", "denoising-unet"), ("SecondModel", "denoising-unet"), ("FirstModelShare", "0.5")), "p"));
        Assert.Contains("SecondModel", error.Message, StringComparison.Ordinal);
    }

    private IConfiguration Settings(params (string Key, string Value)[] values) =>
        new TestPluginContext(engine, values.ToDictionary(v => v.Key, v => (string?)v.Value)).Configuration;
}
