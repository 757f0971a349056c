namespace RadCnn.Dicom.Text;

/// <summary>
/// Decoding and encoding under the defined terms of Specific Character Set (0008,0005), including
/// ISO 2022 code extensions (PS3.5 6.1.2.5): the value is cut into fragments at escape sequences and
/// each fragment decoded with the set its escape designates; value 1's set is restored at the start
/// of every value and at the delimiters of the VR (PN: '^' within a group, '=' between groups; text:
/// CR, LF, TAB, FF). Only the VRs whose character repertoire may be extended (SH, LO, ST, LT, UC, UT,
/// PN) use it: the others are default repertoire, read as Latin-1 so that no byte is lost.
/// </summary>
internal sealed class SpecificCharacterSet
{
    private const byte Esc = 0x1B;
    private static readonly byte[] TextDelimiters = [0x0D, 0x0A, 0x09, 0x0C];
    private static readonly byte[] PersonNameDelimiters = [(byte)'^'];

    private SpecificCharacterSet(CodeElement[] elements)
    {
        Elements = elements;
    }

    public static SpecificCharacterSet Default { get; } = new([CodeElements.Default]);

    /// <summary>Value 1's set first, then the code extensions; never empty.</summary>
    public IReadOnlyList<CodeElement> Elements { get; }

    /// <summary>Value 1's set as used for bytes outside any escape: a double-byte G0 set starts in ASCII.</summary>
    private CodeElement First => Elements[0].Kind == CodeElementKind.DoubleByteG0 ? CodeElements.Default : Elements[0];

    /// <summary>
    /// The sets named by the terms. Unknown terms fall back to the default repertoire; after a
    /// stand-alone set (UTF-8, GB18030, GBK) the other values are ignored, and stand-alone sets in
    /// later values are dropped, as they cannot be used with code extensions.
    /// </summary>
    public static SpecificCharacterSet Parse(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0)
        {
            return Default;
        }

        if (CodeElements.IsStandAloneTerm(terms[0]))
        {
            return new([CodeElements.ForTerm(terms[0])!]);
        }

        var elements = new List<CodeElement>();
        for (var i = 0; i < terms.Count; i++)
        {
            if (i > 0 && CodeElements.IsStandAloneTerm(terms[i]))
            {
                continue;
            }

            elements.Add(CodeElements.ForTerm(terms[i]) ?? CodeElements.Default);
        }

        return new([.. elements]);
    }

    /// <summary>Whether a VR's values may use the extended repertoire (PS3.5 6.1.2.3).</summary>
    public static bool IsExtendable(DicomVR vr) =>
        vr == DicomVR.SH || vr == DicomVR.LO || vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UC || vr == DicomVR.UT || vr == DicomVR.PN;

    /// <summary>Decodes a whole value (all its backslash-separated values) of a VR.</summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (!IsExtendable(vr))
        {
            return System.Text.Encoding.Latin1.GetString(bytes);
        }

        if (bytes.IndexOf(Esc) < 0)
        {
            // The common case: one set for everything, no state to track.
            return First.Decode(bytes);
        }

        var multiValued = vr != DicomVR.ST && vr != DicomVR.LT && vr != DicomVR.UT;
        if (vr == DicomVR.PN)
        {
            return DecodeSplit(bytes, [(byte)'\\', (byte)'='], PersonNameDelimiters);
        }

        return DecodeSplit(bytes, multiValued ? [(byte)'\\'] : [], TextDelimiters);
    }

    /// <summary>Encodes a whole value of a VR, with escape sequences where value 1's set cannot hold a character.</summary>
    public byte[] Encode(string value, DicomVR vr)
    {
        if (!IsExtendable(vr))
        {
            return System.Text.Encoding.Latin1.GetBytes(value);
        }

        return new CodeExtensionEncoder(Elements, vr).Encode(value);
    }

    /// <summary>
    /// Cuts the value at separators (which reset the code extension state; not recognised inside
    /// double-byte G0 text, where they may be half of a character) and decodes each part.
    /// </summary>
    private string DecodeSplit(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> separators, byte[] delimiters)
    {
        var builder = new System.Text.StringBuilder(bytes.Length);
        var doubleByte = false;
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == Esc)
            {
                var designated = CodeElements.ForEscape(bytes[i..], out var length);
                if (IsG0Designation(bytes[i..], length))
                {
                    doubleByte = designated?.Kind == CodeElementKind.DoubleByteG0;
                }

                i += length - 1;
            }
            else if (!doubleByte && separators.Contains(b))
            {
                builder.Append(DecodeValue(bytes[start..i], delimiters)).Append((char)b);
                start = i + 1;
            }
        }

        return builder.Append(DecodeValue(bytes[start..], delimiters)).ToString();
    }

    private static bool IsG0Designation(ReadOnlySpan<byte> escape, int length) =>
        length >= 3 && (escape[1] == (byte)'(' || (length == 3 && escape[1] == (byte)'$' && escape[2] is (byte)'B' or (byte)'@') || (length == 4 && escape[2] == (byte)'('));

    /// <summary>One value (or PN group): the part before the first escape in value 1's set, then each escaped fragment.</summary>
    private string DecodeValue(ReadOnlySpan<byte> bytes, byte[] delimiters)
    {
        var first = bytes.IndexOf(Esc);
        if (first < 0)
        {
            return First.Decode(bytes);
        }

        var builder = new System.Text.StringBuilder(bytes.Length);
        builder.Append(First.Decode(bytes[..first]));
        var position = first;
        while (position < bytes.Length)
        {
            var next = bytes[(position + 1)..].IndexOf(Esc);
            var end = next < 0 ? bytes.Length : position + 1 + next;
            builder.Append(DecodeEscapedFragment(bytes[position..end], delimiters));
            position = end;
        }

        return builder.ToString();
    }

    private string DecodeEscapedFragment(ReadOnlySpan<byte> fragment, byte[] delimiters)
    {
        var element = CodeElements.ForEscape(fragment, out var length);
        if (element is null || (element.Codec != CodeElements.DefaultCodec && !Contains(element)))
        {
            // An escape to a set the dataset did not declare: the bytes are kept, read in value 1's set.
            return First.Decode(fragment);
        }

        var payload = fragment[length..];
        if (element.Kind == CodeElementKind.DoubleByteG0)
        {
            return element.Decode(payload);
        }

        // A delimiter returns to value 1's set (PS3.5 6.1.2.5.3).
        var index = payload.IndexOfAny(delimiters);
        return index < 0 ? element.Decode(payload) : element.Decode(payload[..index]) + First.Decode(payload[index..]);
    }

    private bool Contains(CodeElement element)
    {
        foreach (var e in Elements)
        {
            if (e.Codec == element.Codec)
            {
                return true;
            }
        }

        return false;
    }
}
