using System.Text.Json;

namespace RadCnn.Host.Ingestion;

/// <summary>JSON settings for what ingestion writes to the spool.</summary>
internal static class SpoolJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
