using System.ComponentModel.DataAnnotations;

namespace RadCnn.Host.SeriesAssembly;

/// <summary>
/// When a series counts as complete: no new instance for the quiet period. Modalities that send
/// slowly (a scanner reconstructing as it goes) get a longer period by calling AE title or modality.
/// Section "RadCnn:Assembly".
/// </summary>
internal sealed class SeriesAssemblyOptions
{
    public const string Section = "RadCnn:Assembly";

    [Range(0.01, 86400)]
    public double QuietPeriodSeconds { get; set; } = 10;

    /// <summary>Quiet period in seconds by calling AE title (checked first).</summary>
    public Dictionary<string, double> QuietPeriodSecondsByCallingAe { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Quiet period in seconds by modality.</summary>
    public Dictionary<string, double> QuietPeriodSecondsByModality { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan QuietPeriodFor(string? callingAe, string? modality)
    {
        if (callingAe is not null && QuietPeriodSecondsByCallingAe.TryGetValue(callingAe.Trim(), out var byAe))
        {
            return TimeSpan.FromSeconds(byAe);
        }

        if (modality is not null && QuietPeriodSecondsByModality.TryGetValue(modality.Trim(), out var byModality))
        {
            return TimeSpan.FromSeconds(byModality);
        }

        return TimeSpan.FromSeconds(QuietPeriodSeconds);
    }

    /// <summary>How often to look for quiet series: a quarter of the shortest period, between 20 ms and 1 s.</summary>
    public TimeSpan ScanInterval()
    {
        var shortest = new[] { QuietPeriodSeconds }
            .Concat(QuietPeriodSecondsByCallingAe.Values)
            .Concat(QuietPeriodSecondsByModality.Values)
            .Min();
        return TimeSpan.FromSeconds(Math.Clamp(shortest / 4, 0.02, 1));
    }
}
