using System.Globalization;

namespace RadCnn.Plugins.Segmentation.Liver;

/// <summary>
/// One row of the classical candidates' score table (<see cref="CascadeSettings.ClassicalMassScoreBands"/>): series whose
/// finest voxel side is at least <see cref="FromSpacingMm"/> (and below the next row's, or the spacing gate) keep the
/// candidates scoring at least <see cref="MinimumScore"/>. The score is a contrast-to-noise ratio, and the 2.5 mm averaging
/// leaves a finer series less noise, so vessels pass a threshold chosen on coarse voxels; each band's threshold is chosen on
/// phantoms of its size. A row reaches up, not down, from the finest voxels it was chosen on: a coarser series is noisier,
/// so the row's threshold is stricter there than needed, while a finer one would pass more vessels.
/// </summary>
internal sealed record ClassicalMassScoreBand
{
    public double FromSpacingMm { get; init; }

    public double MinimumScore { get; init; }

    /// <summary>
    /// The plugin setting's form, "from:score" rows separated by commas (e.g. "0.7:20,1.45:15"), or "none" for an empty table;
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
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var from)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            {
                throw new InvalidOperationException($"liver cascade settings: ClassicalMassScoreBands row '{row.Trim()}' is not 'fromSpacingMm:minimumScore' (e.g. '0.7:20,1.45:15', or 'none')");
            }

            bands.Add(new ClassicalMassScoreBand { FromSpacingMm = from, MinimumScore = score });
        }

        return bands;
    }
}
