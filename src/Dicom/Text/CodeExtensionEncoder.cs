using System.Text;

namespace RadCnn.Dicom.Text;

/// <summary>
/// Writes a string value under Specific Character Set with ISO 2022 code extensions: characters that
/// value 1's set cannot hold are written in the first later set that can, after its escape sequence;
/// value 1's sets are re-invoked before every delimiter and at the end of each value, as PS3.5
/// 6.1.2.5.3 requires. Characters no declared set holds become '?'.
/// </summary>
internal sealed class CodeExtensionEncoder
{
    private readonly IReadOnlyList<CodeElement> _elements;
    private readonly CodeElement _first;
    private readonly byte[] _delimiters;
    private readonly byte[] _initialG0Escape;
    private readonly List<byte> _output = [];
    private CodeElement? _g0;
    private CodeElement? _g1;

    public CodeExtensionEncoder(IReadOnlyList<CodeElement> elements, DicomVR vr)
    {
        _elements = elements;
        _first = elements[0].Kind == CodeElementKind.DoubleByteG0 ? CodeElements.Default : elements[0];
        _delimiters = vr == DicomVR.PN ? "^=\\"u8.ToArray()
            : vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UT ? [0x0D, 0x0A, 0x09, 0x0C]
            : [0x0D, 0x0A, 0x09, 0x0C, (byte)'\\'];

        // ISO 2022 IR 13 puts JIS X 0201 Roman in G0, returned to with ESC ( J; everything else uses ASCII.
        _initialG0Escape = _first.Codec == CodeElements.ShiftJisCodec ? [0x1B, (byte)'(', (byte)'J'] : [0x1B, (byte)'(', (byte)'B'];
    }

    public byte[] Encode(string value)
    {
        if (_elements.Count == 1 || _first.Kind == CodeElementKind.StandAlone)
        {
            return _first.TryEncode(value) ?? Lenient(value);
        }

        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value < 0x80 && _delimiters.Contains((byte)rune.Value))
            {
                ResetToInitial();
                _output.Add((byte)rune.Value);
                continue;
            }

            EncodeRune(rune.ToString());
        }

        ResetToInitial();
        return [.. _output];
    }

    private void EncodeRune(string text)
    {
        if (_first.TryEncode(text) is { } bytes)
        {
            var highHalf = bytes.Length > 0 && bytes[0] >= 0x80;
            if (!highHalf && _g0 is not null)
            {
                _output.AddRange(_initialG0Escape);
                _g0 = null;
            }
            else if (highHalf && _g1 is not null)
            {
                _output.AddRange(_first.Escape);
                _g1 = null;
            }

            _output.AddRange(bytes);
            return;
        }

        for (var i = 1; i < _elements.Count; i++)
        {
            var element = _elements[i];
            if (element.TryEncode(text) is not { } extended)
            {
                continue;
            }

            if (element.Kind == CodeElementKind.DoubleByteG0)
            {
                if (_g0 != element)
                {
                    _output.AddRange(element.Escape);
                    _g0 = element;
                }
            }
            else if (_g1 != element)
            {
                _output.AddRange(element.Escape);
                _g1 = element;
            }

            _output.AddRange(extended);
            return;
        }

        _output.Add((byte)'?');
    }

    private void ResetToInitial()
    {
        if (_g0 is not null)
        {
            _output.AddRange(_initialG0Escape);
            _g0 = null;
        }

        if (_g1 is not null)
        {
            if (_first.Escape.Length > 0 && _first.Codec != CodeElements.DefaultCodec)
            {
                _output.AddRange(_first.Escape);
            }

            _g1 = null;
        }
    }

    private static byte[] Lenient(string value) => Encoding.Latin1.GetBytes(value);
}
