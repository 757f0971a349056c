using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RadCnn.Dicom.Text;

namespace RadCnn.Dicom.Json;

/// <summary>
/// The DICOM JSON model (PS3.18 Annex F): an object keyed by 8-digit tags, each element with its
/// "vr" and a "Value" array (strings, numbers, person names as {Alphabetic, Ideographic, Phonetic},
/// nested objects for sequence items) or "InlineBinary" (base64) for binary VRs. An empty element
/// has no "Value"; an empty value among several is null. Group length elements and the dataset's
/// trailing padding are not data and are left out, as is pixel data unless asked for. Strings are
/// decoded with the dataset's character set, so Specific Character Set is written as ISO_IR 192.
/// </summary>
public static class DicomJsonWriter
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>The dataset as DICOM JSON text.</summary>
    public static string Serialize(DicomDataset dataset, DicomJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= DicomJsonOptions.Default;
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options.Indented ? Indented : Compact))
        {
            Write(writer, dataset, options);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes the dataset as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= DicomJsonOptions.Default;
        writer.WriteStartObject();
        foreach (var item in dataset)
        {
            if (item.Tag.Element == 0 || item.Tag == TrailingPadding || (!options.IncludePixelData && IsPixelData(item.Tag)))
            {
                continue;
            }

            writer.WritePropertyName(string.Create(CultureInfo.InvariantCulture, $"{item.Tag.Group:X4}{item.Tag.Element:X4}"));
            WriteItem(writer, dataset, item, options);
        }

        writer.WriteEndObject();
    }

    private static DicomTag TrailingPadding => new(0xFFFC, 0xFFFC);

    private static bool IsPixelData(DicomTag tag) =>
        tag == DicomTag.PixelData || tag == DicomTag.FloatPixelData || tag == DicomTag.DoubleFloatPixelData;

    private static void WriteItem(Utf8JsonWriter writer, DicomDataset dataset, DicomItem item, DicomJsonOptions options)
    {
        writer.WriteStartObject();
        switch (item)
        {
            case DicomSequence sequence:
                // A UN of undefined length is a sequence (PS3.5 6.2.2) and is written as one.
                writer.WriteString("vr", "SQ");
                if (sequence.Items.Count > 0)
                {
                    writer.WriteStartArray("Value");
                    foreach (var nested in sequence.Items)
                    {
                        Write(writer, nested, options);
                    }

                    writer.WriteEndArray();
                }

                break;
            case DicomFragmentSequence fragments:
                writer.WriteString("vr", fragments.VR.Code);
                writer.WriteBase64String("InlineBinary", EncapsulatedValue(fragments));
                break;
            case DicomElement element when element.Tag == DicomTag.SpecificCharacterSet:
                // Every string in JSON is Unicode now: say so, as DCMTK's dcm2json does, so that a reader
                // turning this back into a dataset does not apply the original character set again.
                writer.WriteString("vr", "CS");
                writer.WriteStartArray("Value");
                writer.WriteStringValue("ISO_IR 192");
                writer.WriteEndArray();
                break;
            case DicomElement element:
                // "US or SS" and "OB or OW" are resolved once, by the reader (DicomParser.ImplicitVR).
                var vr = element.VR;
                writer.WriteString("vr", vr.Code);
                WriteValue(writer, dataset, element, vr);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, DicomDataset dataset, DicomElement element, DicomVR vr)
    {
        if (element.Length == 0)
        {
            return;
        }

        if (vr.Kind is not (DicomVRKind.String or DicomVRKind.Binary or DicomVRKind.Tag))
        {
            writer.WriteBase64String("InlineBinary", element.GetBytes().Span);
            return;
        }

        var strings = dataset.GetValues<string>(element.Tag);
        if (vr == DicomVR.PN)
        {
            // A name of delimiters only ("^^^^") has no name in it.
            strings = strings.Select(v => v.Trim('^', '=', ' ').Length == 0 ? string.Empty : v).ToArray();
            if (strings.All(v => v.Length == 0))
            {
                return;
            }
        }

        if (strings.Length == 0 || (strings.Length == 1 && strings[0].Length == 0 && vr.IsString))
        {
            return;
        }

        writer.WriteStartArray("Value");
        if (vr == DicomVR.PN)
        {
            foreach (var value in strings)
            {
                WritePersonName(writer, value);
            }
        }
        else if (vr == DicomVR.DS || vr == DicomVR.IS)
        {
            foreach (var value in strings)
            {
                WriteNumberString(writer, value, vr == DicomVR.IS);
            }
        }
        else if (vr.Kind == DicomVRKind.Binary)
        {
            WriteBinaryNumbers(writer, element, vr.Code);
        }
        else if (vr.Kind == DicomVRKind.Tag)
        {
            foreach (var tag in dataset.GetValues<DicomTag>(element.Tag))
            {
                writer.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{tag.Group:X4}{tag.Element:X4}"));
            }
        }
        else
        {
            foreach (var value in strings)
            {
                if (value.Length == 0)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(value);
                }
            }
        }

        writer.WriteEndArray();
    }

    private static void WritePersonName(Utf8JsonWriter writer, string value)
    {
        if (value.Length == 0)
        {
            writer.WriteNullValue();
            return;
        }

        var name = DicomPersonName.Parse(value);
        writer.WriteStartObject();
        if (name.Alphabetic.Length > 0)
        {
            writer.WriteString("Alphabetic", name.Alphabetic);
        }

        if (name.Ideographic.Length > 0)
        {
            writer.WriteString("Ideographic", name.Ideographic);
        }

        if (name.Phonetic.Length > 0)
        {
            writer.WriteString("Phonetic", name.Phonetic);
        }

        writer.WriteEndObject();
    }

    /// <summary>DS and IS as JSON numbers, keeping the file's digits where they already form a JSON number.</summary>
    private static void WriteNumberString(Utf8JsonWriter writer, string value, bool integer)
    {
        var text = value.Trim();
        if (text.Length == 0)
        {
            writer.WriteNullValue();
            return;
        }

        if (IsJsonNumber(text))
        {
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            writer.WriteRawValue(integer && Math.Abs(number) < 1e15 ? ((long)number).ToString(CultureInfo.InvariantCulture) : number.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
        }
        else
        {
            // Not a number at all: keep the text rather than lose it.
            writer.WriteStringValue(text);
        }
    }

    private static bool IsJsonNumber(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.BytesConsumed == text.Length && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteBinaryNumbers(Utf8JsonWriter writer, DicomElement element, string vr)
    {
        var bytes = element.GetBytes().Span;
        switch (vr)
        {
            case "US":
                for (var i = 0; i + 2 <= bytes.Length; i += 2)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(bytes[i..]));
                }

                break;
            case "SS":
                for (var i = 0; i + 2 <= bytes.Length; i += 2)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(bytes[i..]));
                }

                break;
            case "UL":
                for (var i = 0; i + 4 <= bytes.Length; i += 4)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(bytes[i..]));
                }

                break;
            case "SL":
                for (var i = 0; i + 4 <= bytes.Length; i += 4)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(bytes[i..]));
                }

                break;
            case "SV":
                for (var i = 0; i + 8 <= bytes.Length; i += 8)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(bytes[i..]));
                }

                break;
            case "UV":
                for (var i = 0; i + 8 <= bytes.Length; i += 8)
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]));
                }

                break;
            case "FL":
                for (var i = 0; i + 4 <= bytes.Length; i += 4)
                {
                    WriteFloat(writer, BinaryPrimitives.ReadSingleLittleEndian(bytes[i..]));
                }

                break;
            default:
                for (var i = 0; i + 8 <= bytes.Length; i += 8)
                {
                    WriteFloat(writer, BinaryPrimitives.ReadDoubleLittleEndian(bytes[i..]));
                }

                break;
        }
    }

    /// <summary>JSON has no NaN or infinity: those are written as strings, as DCMTK's --encode-extended does not do by default.</summary>
    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The value field of encapsulated pixel data as encoded: items (offset table, then fragments) and the sequence delimiter.</summary>
    private static byte[] EncapsulatedValue(DicomFragmentSequence fragments)
    {
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[8];
        var table = fragments.BasicOffsetTable;
        WriteItemHeader(stream, header, 0xE000, (uint)(table.Count * 4));
        foreach (var offset in table)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, offset);
            stream.Write(header[..4]);
        }

        for (var i = 0; i < fragments.FragmentCount; i++)
        {
            var fragment = fragments.GetFragment(i);
            WriteItemHeader(stream, header, 0xE000, (uint)fragment.Length);
            stream.Write(fragment.Span);
        }

        WriteItemHeader(stream, header, 0xE0DD, 0);
        return stream.ToArray();
    }

    private static void WriteItemHeader(Stream stream, Span<byte> header, ushort element, uint length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
        stream.Write(header);
    }
}
