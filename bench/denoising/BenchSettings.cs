namespace RadCnn.Bench.Denoising;

/// <summary>
/// Plugin settings from the environment for the scored plugin: RADCNN_BENCH_SETTINGS as KEY=VALUE;KEY=VALUE (e.g.
/// "SecondModel=denoising-unet;FirstModelShare=0.5;RefinementWeight=0.0025"), over the bench's own settings.
/// </summary>
internal static class BenchSettings
{
    public static string? Text => Environment.GetEnvironmentVariable("RADCNN_BENCH_SETTINGS");

    public static Dictionary<string, string?> Over(Dictionary<string, string?> settings)
    {
        foreach (var pair in (Text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            settings[equals > 0 ? pair[..equals] : throw new ArgumentException($"RADCNN_BENCH_SETTINGS: '{pair}' is not KEY=VALUE")] = pair[(equals + 1)..];
        }

        return settings;
    }
}
