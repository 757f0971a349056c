using System.Globalization;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// One row of the classical candidates' score table (<see cref="CascadeSettings.ClassicalMassScoreBands"/>): series whose
/// finest voxel side is at most <see cref="UpToSpacingMm"/> (and above the previous row's) keep the candidates scoring at
/// least <see cref="MinimumScore"/>. The score is a contrast-to-noise ratio, and the 2.5 mm averaging leaves a finer series
/// less noise, so vessels pass a threshold chosen on coarse voxels; each band's threshold is chosen on phantoms of its size.
/// </summary>
internal sealed record ClassicalMassScoreBand
{
    public double UpToSpacingMm { get; init; }

    public double MinimumScore { get; init; }

    /// <summary>
    /// The plugin setting's form, "upTo:score" rows separated by commas (e.g. "1:20,2.4:15"), or "none" for an empty table;
    /// a malformed row is refused with its text, so a bad setting fails when the plugin starts. The rows' order and values
    /// are checked by <see cref="CascadeSettings.Validate"/>.
    /// </summary>
    public static IReadOnlyList<ClassicalMassScoreBand> ParseList(string text)
    {
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var bands = new List<ClassicalMassScoreBand>();
        foreach (var row in text.Split(','))
        {
            var parts = row.Split(':');
            if (parts.Length != 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var upTo)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            {
                throw new InvalidOperationException($"liver cascade settings: ClassicalMassScoreBands row '{row.Trim()}' is not 'upToSpacingMm:minimumScore' (e.g. '1:20,2.4:15', or 'none')");
            }

            bands.Add(new ClassicalMassScoreBand { UpToSpacingMm = upTo, MinimumScore = score });
        }

        return bands;
    }
}
