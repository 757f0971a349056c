using System.Text.Json;
using System.Text.Json.Serialization;

namespace RadCnn.Training.Optimization;

/// <summary>
/// A (Min, Max) range as <c>{"min": ..., "max": ...}</c>. System.Text.Json reads only properties, and a value
/// tuple has fields, so without this a range was written as <c>{}</c> and read back as (0, 0).
/// </summary>
internal sealed class ValueRangeJsonConverter : JsonConverter<(double Min, double Max)>
{
    public override (double Min, double Max) Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a range must be an object with \"min\" and \"max\"");
        }

        double? min = null, max = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "min", StringComparison.OrdinalIgnoreCase))
            {
                min = reader.GetDouble();
            }
            else if (string.Equals(name, "max", StringComparison.OrdinalIgnoreCase))
            {
                max = reader.GetDouble();
            }
            else
            {
                reader.Skip();
            }
        }

        return min is { } lo && max is { } hi
            ? (lo, hi)
            : throw new JsonException("a range needs both \"min\" and \"max\" (an empty {} was written before ranges were recorded; write the recipe's range there)");
    }

    public override void Write(Utf8JsonWriter writer, (double Min, double Max) value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("min", value.Min);
        writer.WriteNumber("max", value.Max);
        writer.WriteEndObject();
    }
}
