using System.Text;

namespace RadCnn.Dicom.Text;

/// <summary>
/// One character set of Specific Character Set (0008,0005): how its bytes become characters and the
/// escape sequence that invokes it under ISO 2022 code extensions. <see cref="Codec"/> names the
/// decoder; two defined terms with the same codec (ISO_IR 13 and ISO 2022 IR 13) behave the same, as
/// in pydicom, whose results the tests compare against.
/// </summary>
internal sealed class CodeElement
{
    private readonly Func<ReadOnlySpan<byte>, string> _decode;
    private readonly Encoding? _encoding;
    private readonly Func<string, byte[]?>? _encode;

    public CodeElement(string codec, CodeElementKind kind, byte[] escape, Func<ReadOnlySpan<byte>, string> decode, Encoding? encoding, Func<string, byte[]?>? encode = null)
    {
        Codec = codec;
        Kind = kind;
        Escape = escape;
        _decode = decode;
        _encoding = encoding;
        _encode = encode;
    }

    /// <summary>The decoder's name (pydicom's Python codec name), used to match escape sequences to defined terms.</summary>
    public string Codec { get; }

    public CodeElementKind Kind { get; }

    /// <summary>The escape sequence that designates this set (empty for stand-alone sets).</summary>
    public byte[] Escape { get; }

    /// <summary>Decodes bytes with no escape sequence in them; undecodable bytes become U+FFFD.</summary>
    public string Decode(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? string.Empty : _decode(bytes);

    /// <summary>The bytes of <paramref name="text"/> in this set without escape sequences, or null where a character is not in it.</summary>
    public byte[]? TryEncode(string text)
    {
        if (_encode is not null)
        {
            return _encode(text);
        }

        if (_encoding is null)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = _encoding.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }

        return Kind switch
        {
            // JIS X 0208/0212 are written as 7-bit pairs: EUC-JP bytes with the high bit cleared.
            CodeElementKind.DoubleByteG0 => ToSevenBitPairs(bytes, jis0212: false),
            CodeElementKind.SingleByte when Codec == CodeElements.ShiftJisCodec => bytes.Length == text.Length ? bytes : null,
            _ => bytes,
        };
    }

    private static byte[]? ToSevenBitPairs(byte[] euc, bool jis0212)
    {
        var unit = jis0212 ? 3 : 2;
        if (euc.Length % unit != 0)
        {
            return null;
        }

        var result = new byte[euc.Length / unit * 2];
        for (int i = 0, o = 0; i < euc.Length; i += unit, o += 2)
        {
            if (jis0212 && euc[i] != 0x8F || euc[i + unit - 2] < 0xA1 || euc[i + unit - 1] < 0xA1)
            {
                return null;
            }

            result[o] = (byte)(euc[i + unit - 2] & 0x7F);
            result[o + 1] = (byte)(euc[i + unit - 1] & 0x7F);
        }

        return result;
    }

    public override string ToString() => Codec;
}
