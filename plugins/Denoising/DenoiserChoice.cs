using System.Globalization;
using Microsoft.Extensions.Configuration;
using RadCnn.Plugins.Denoising.Models;

namespace RadCnn.Plugins.Denoising;

/// <summary>
/// Which networks denoise and what follows them, from the plugin's settings (validated at start-up): "Model" (a weight
/// file named in plugin.json), "SecondModel" (another, blended with it; "none" for the first alone), "FirstModelShare"
/// (the first network's share of the blend, above 0 and below 1), "RefinementWeight" (the light total-variation step's
/// weight on the 0..1 window; 0 for none) and "RefinementIterations".
/// </summary>
internal sealed record DenoiserChoice(string Model, string? SecondModel, double FirstModelShare, double RefinementWeight, int RefinementIterations)
{
    /// <summary>Iterations of the total-variation step: on the validation slices 20 fixed iterations matched scikit-image's stopping rule within 0.03 dB.</summary>
    public const int DefaultRefinementIterations = 20;

    /// <summary>
    /// The total-variation step's weight by default (since plugin 1.5.0), on the 0..1 window: of 0.0025, 0.005 and 0.01 the
    /// one with the best margin over total variation on the worse generator of two validation seeds; held out it took the
    /// default network's margin from +2.27 to +3.40 dB (body) and from +0.30 to +1.82 dB (inserts), the probe and HU unchanged.
    /// </summary>
    public const double DefaultRefinementWeight = 0.0025;

    /// <summary>The choice with no settings given.</summary>
    public static DenoiserChoice Default { get; } = new(DenoisingPlugin.DefaultModel, null, 1, DefaultRefinementWeight, DefaultRefinementIterations);

    /// <summary>The settings read over <see cref="Default"/>; a value out of range or not a number is refused with the setting's name.</summary>
    public static DenoiserChoice From(IConfiguration configuration, string pluginId)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        double Number(string key, double fallback) => configuration[key] is not { } text ? fallback
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
            : throw new InvalidOperationException($"Plugins:{pluginId}: {key} must be a number; got '{text}'");
        var model = configuration["Model"] ?? Default.Model;
        var second = configuration["SecondModel"] is { } named ? (named.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : named) : Default.SecondModel;
        var share = Number("FirstModelShare", Default.FirstModelShare);
        var weight = Number("RefinementWeight", Default.RefinementWeight);
        var iterations = Number("RefinementIterations", Default.RefinementIterations);
        if (second is not null && !(share is > 0 and < 1))
        {
            throw new InvalidOperationException($"Plugins:{pluginId}: FirstModelShare must lie above 0 and below 1 when SecondModel is set; got {share.ToString(CultureInfo.InvariantCulture)}");
        }

        if (second == model)
        {
            throw new InvalidOperationException($"Plugins:{pluginId}: SecondModel names the same network as Model ('{model}')");
        }

        if (weight < 0 || weight > 1)
        {
            throw new InvalidOperationException($"Plugins:{pluginId}: RefinementWeight must be from 0 (none) to 1; got {weight.ToString(CultureInfo.InvariantCulture)}");
        }

        if (iterations is < 1 or > 1000 || iterations != Math.Floor(iterations))
        {
            throw new InvalidOperationException($"Plugins:{pluginId}: RefinementIterations must be a whole number from 1 to 1000; got {iterations.ToString(CultureInfo.InvariantCulture)}");
        }

        return new DenoiserChoice(model, second, second is null ? 1 : share, weight, (int)iterations);
    }

    /// <summary>What an input side must be a multiple of for every network in the choice.</summary>
    public int SideMultiple => Math.Max(ModelLoader.SideMultiple(Model), SecondModel is null ? 1 : ModelLoader.SideMultiple(SecondModel));

    /// <summary>The choice in words, for the derived series' description and result.json.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture, $"{(SecondModel is null ? Model : $"{FirstModelShare:0.##} {Model} + {1 - FirstModelShare:0.##} {SecondModel}")}{(RefinementWeight > 0 ? $", total variation {RefinementWeight:0.####} ({RefinementIterations} iterations)" : string.Empty)}");

    /// <summary>
    /// The module the engine runs, from the weights of each named network: with the total-variation step for the probe's
    /// crop (the attack goes through the whole reported path), without it for tiles (the plugin applies the step to the
    /// whole slice once the tiles are blended).
    /// </summary>
    public DenoiserBlend Create(byte[] firstWeights, byte[]? secondWeights, bool withRefinement) => new(
        ModelLoader.Load(Model, firstWeights),
        SecondModel is null ? null : ModelLoader.Load(SecondModel, secondWeights ?? throw new ArgumentNullException(nameof(secondWeights))),
        FirstModelShare,
        withRefinement ? Refinement() : null);

    /// <summary>The total-variation step the settings ask for, or null when its weight is 0.</summary>
    public TotalVariationRefinement? Refinement() => RefinementWeight > 0 ? new TotalVariationRefinement(RefinementWeight, RefinementIterations) : null;
}
