using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using RadCnn.Dicom.Text;

namespace RadCnn.Dicom.Values;

/// <summary>
/// Turns encoded value bytes (little endian) into typed values and back, per VR. Strings go through
/// <see cref="DicomCharacterSet"/>; numbers are read in the VR's own type and converted to the caller's.
/// </summary>
internal static class DicomValueCodec
{
    /// <summary>The whole string value with trailing padding removed (backslashes kept).</summary>
    public static string DecodeString(DicomElement element, DicomCharacterSet charset)
    {
        var bytes = element.GetBytes().Span;
        if (element.VR.IsString)
        {
            return TrimPadding(charset.Decode(bytes, element.VR), element.VR);
        }

        return element.VR.Kind switch
        {
            DicomVRKind.Binary or DicomVRKind.Tag => string.Join('\\', Decode<string>(element, charset)),
            _ => Convert.ToBase64String(bytes),
        };
    }

    public static T[] Decode<T>(DicomElement element, DicomCharacterSet charset)
    {
        var vr = element.VR;
        if (typeof(T) == typeof(string))
        {
            return (T[])(object)DecodeStrings(element, charset);
        }

        if (typeof(T) == typeof(DicomUid))
        {
            return (T[])(object)DecodeStrings(element, charset).Select(DicomUid.Parse).ToArray();
        }

        if (typeof(T) == typeof(DicomTag))
        {
            var span = element.GetBytes().Span;
            var tags = new DicomTag[span.Length / 4];
            for (var i = 0; i < tags.Length; i++)
            {
                tags[i] = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 4)..]), BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 4 + 2)..]));
            }

            return (T[])(object)tags;
        }

        if (vr.IsString)
        {
            // IS, DS and numbers kept in strings by some writers.
            return DecodeStrings(element, charset).Where(s => s.Length > 0).Select(ParseNumber<T>).ToArray();
        }

        var bytes = element.GetBytes().Span;
        if (vr.Kind == DicomVRKind.Binary)
        {
            return vr.Code switch
            {
                "US" => ConvertAll<ushort, T>(bytes),
                "SS" => ConvertAll<short, T>(bytes),
                "UL" => ConvertAll<uint, T>(bytes),
                "SL" => ConvertAll<int, T>(bytes),
                "FL" => ConvertAll<float, T>(bytes),
                "FD" => ConvertAll<double, T>(bytes),
                "SV" => ConvertAll<long, T>(bytes),
                "UV" => ConvertAll<ulong, T>(bytes),
                _ => throw new FormatException($"VR {vr} cannot be read as {typeof(T).Name}"),
            };
        }

        // OB, OW, OF, OD, OL, OV, UN: the bytes reinterpreted as the caller's type.
        return ReinterpretBytes<T>(bytes);
    }

    public static string[] DecodeStrings(DicomElement element, DicomCharacterSet charset)
    {
        var vr = element.VR;
        if (!vr.IsString)
        {
            if (vr.Kind is DicomVRKind.Binary)
            {
                return Decode<double>(element, charset).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
            }

            if (vr.Kind is DicomVRKind.Tag)
            {
                return Decode<DicomTag>(element, charset).Select(t => t.ToString()).ToArray();
            }

            return [Convert.ToBase64String(element.GetBytes().Span)];
        }

        if (element.Length == 0)
        {
            return [];
        }

        var text = charset.Decode(element.GetBytes().Span, vr);
        if (!vr.IsMultiValuedString)
        {
            return [TrimPadding(text, vr)];
        }

        var parts = text.Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = TrimValue(parts[i], vr);
        }

        return parts;
    }

    /// <summary>Encodes values of any supported type for a VR (strings joined with backslashes, padded to even length).</summary>
    public static byte[] Encode<T>(DicomVR vr, T[] values, DicomCharacterSet charset)
    {
        if (vr.IsString)
        {
            var strings = values.Select(FormatForString).ToArray();
            return Pad(charset.Encode(vr.IsMultiValuedString ? string.Join('\\', strings) : string.Concat(strings), vr), vr.PaddingByte);
        }

        if (vr.Kind == DicomVRKind.Tag)
        {
            var tags = values.Select(v => v is DicomTag t ? t : DicomTag.Parse(Convert.ToString(v, CultureInfo.InvariantCulture)!)).ToArray();
            var bytes = new byte[tags.Length * 4];
            for (var i = 0; i < tags.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 4), tags[i].Group);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 4 + 2), tags[i].Element);
            }

            return bytes;
        }

        if (vr.Kind == DicomVRKind.Binary)
        {
            return vr.Code switch
            {
                "US" => ToBytes(values.Select(ToNumber<ushort, T>).ToArray()),
                "SS" => ToBytes(values.Select(ToNumber<short, T>).ToArray()),
                "UL" => ToBytes(values.Select(ToNumber<uint, T>).ToArray()),
                "SL" => ToBytes(values.Select(ToNumber<int, T>).ToArray()),
                "FL" => ToBytes(values.Select(ToNumber<float, T>).ToArray()),
                "FD" => ToBytes(values.Select(ToNumber<double, T>).ToArray()),
                "SV" => ToBytes(values.Select(ToNumber<long, T>).ToArray()),
                _ => ToBytes(values.Select(ToNumber<ulong, T>).ToArray()),
            };
        }

        if (vr == DicomVR.SQ)
        {
            throw new ArgumentException("a sequence holds datasets, not values; use new DicomSequence(tag, items)");
        }

        var raw = values switch
        {
            byte[] b => b,
            ushort[] u => ToBytes(u),
            short[] s => ToBytes(s),
            uint[] ui => ToBytes(ui),
            int[] i => ToBytes(i),
            float[] f => ToBytes(f),
            double[] d => ToBytes(d),
            long[] l => ToBytes(l),
            ulong[] ul => ToBytes(ul),
            _ => throw new ArgumentException($"values of type {typeof(T).Name} cannot be stored as {vr}"),
        };
        return Pad(raw, 0);
    }

    private static string TrimPadding(string text, DicomVR vr) =>
        vr == DicomVR.UI ? text.TrimEnd('\0', ' ') : text.TrimEnd(' ', '\0');

    /// <summary>Leading spaces are insignificant except in text VRs (PS3.5 6.2), trailing ones always.</summary>
    private static string TrimValue(string value, DicomVR vr) =>
        vr == DicomVR.UI ? value.Trim('\0', ' ') : vr == DicomVR.UC || vr == DicomVR.PN ? value.TrimEnd(' ', '\0') : value.Trim(' ', '\0');

    private static string FormatForString<T>(T value) => value switch
    {
        null => string.Empty,
        string s => s,
        double d => FormatDecimalString(d),
        float f => FormatDecimalString(f),
        DicomUid u => u.Value,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>DS values are at most 16 characters: use the shortest round-trip form that fits.</summary>
    private static string FormatDecimalString(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        for (var digits = 15; text.Length > 16 && digits > 0; digits--)
        {
            text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return text;
    }

    private static T ParseNumber<T>(string text)
    {
        if (typeof(T) == typeof(double))
        {
            return (T)(object)double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (typeof(T) == typeof(float))
        {
            return (T)(object)float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (typeof(T) == typeof(decimal))
        {
            return (T)(object)decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        // IS is an integer but some writers put "512.0": accept it where it is whole.
        var number = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return (T)Convert.ChangeType(number, typeof(T), CultureInfo.InvariantCulture);
    }

    private static T[] ConvertAll<TSource, T>(ReadOnlySpan<byte> bytes)
        where TSource : unmanaged
    {
        var source = MemoryMarshal.Cast<byte, TSource>(bytes[..(bytes.Length / Marshal.SizeOf<TSource>() * Marshal.SizeOf<TSource>())]);
        if (typeof(T) == typeof(TSource))
        {
            return (T[])(object)source.ToArray();
        }

        var result = new T[source.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (T)Convert.ChangeType(source[i], typeof(T), CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static T[] ReinterpretBytes<T>(ReadOnlySpan<byte> bytes)
    {
        return typeof(T) switch
        {
            var t when t == typeof(byte) => (T[])(object)bytes.ToArray(),
            var t when t == typeof(ushort) => (T[])(object)Cast<ushort>(bytes),
            var t when t == typeof(short) => (T[])(object)Cast<short>(bytes),
            var t when t == typeof(uint) => (T[])(object)Cast<uint>(bytes),
            var t when t == typeof(int) => (T[])(object)Cast<int>(bytes),
            var t when t == typeof(float) => (T[])(object)Cast<float>(bytes),
            var t when t == typeof(double) => (T[])(object)Cast<double>(bytes),
            var t when t == typeof(long) => (T[])(object)Cast<long>(bytes),
            var t when t == typeof(ulong) => (T[])(object)Cast<ulong>(bytes),
            _ => throw new FormatException($"bytes cannot be read as {typeof(T).Name}"),
        };
    }

    private static TOut[] Cast<TOut>(ReadOnlySpan<byte> bytes)
        where TOut : unmanaged =>
        MemoryMarshal.Cast<byte, TOut>(bytes[..(bytes.Length / Marshal.SizeOf<TOut>() * Marshal.SizeOf<TOut>())]).ToArray();

    private static TNumber ToNumber<TNumber, T>(T value) => value switch
    {
        string s => (TNumber)Convert.ChangeType(decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), typeof(TNumber), CultureInfo.InvariantCulture),
        _ => (TNumber)Convert.ChangeType(value, typeof(TNumber), CultureInfo.InvariantCulture)!,
    };

    private static byte[] ToBytes<TNumber>(TNumber[] values)
        where TNumber : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static byte[] Pad(byte[] bytes, byte padding)
    {
        if ((bytes.Length & 1) == 0)
        {
            return bytes;
        }

        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = padding;
        return padded;
    }
}
