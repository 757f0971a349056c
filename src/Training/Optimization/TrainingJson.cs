using System.Text.Json;
using System.Text.Json.Serialization;

namespace RadCnn.Training.Optimization;

/// <summary>JSON settings for every file the toolkit writes: indented, camelCase, enums as names, NaN allowed, ranges as min/max.</summary>
internal static class TrainingJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new ValueRangeJsonConverter() },
    };

    /// <summary>The same on one line, for JSON-lines progress.</summary>
    public static JsonSerializerOptions Compact { get; } = new(Options) { WriteIndented = false };
}
