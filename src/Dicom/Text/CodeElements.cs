using System.Text;

namespace RadCnn.Dicom.Text;

/// <summary>
/// The character sets DICOM defines (PS3.3 Tables C.12-2 to C.12-5) and their escape sequences, decoded
/// with .NET's code page encodings (taken from <see cref="CodePagesEncodingProvider"/> directly, so no
/// process-wide registration is needed). The names follow pydicom's Python codecs so that an escape
/// sequence is accepted exactly where pydicom accepts it.
/// </summary>
internal static class CodeElements
{
    public const string DefaultCodec = "iso8859";
    public const string ShiftJisCodec = "shift_jis";
    public const string Jis0208Codec = "iso2022_jp";
    public const string Jis0212Codec = "iso2022_jp_2";

    private const byte Esc = 0x1B;
    private static readonly Encoding EucJp = CodePage(20932);
    private static readonly Dictionary<string, CodeElement> ByCodec = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> TermToCodec = new(StringComparer.Ordinal)
    {
        [""] = DefaultCodec,
        ["ISO_IR 6"] = DefaultCodec,
        ["ISO_IR 13"] = ShiftJisCodec,
        ["ISO_IR 100"] = "latin_1",
        ["ISO_IR 101"] = "iso8859_2",
        ["ISO_IR 109"] = "iso8859_3",
        ["ISO_IR 110"] = "iso8859_4",
        ["ISO_IR 126"] = "iso_ir_126",
        ["ISO_IR 127"] = "iso_ir_127",
        ["ISO_IR 138"] = "iso_ir_138",
        ["ISO_IR 144"] = "iso_ir_144",
        ["ISO_IR 148"] = "iso_ir_148",
        ["ISO_IR 166"] = "iso_ir_166",
        ["ISO_IR 203"] = "iso8859_15",
        ["ISO 2022 IR 6"] = DefaultCodec,
        ["ISO 2022 IR 13"] = ShiftJisCodec,
        ["ISO 2022 IR 87"] = Jis0208Codec,
        ["ISO 2022 IR 100"] = "latin_1",
        ["ISO 2022 IR 101"] = "iso8859_2",
        ["ISO 2022 IR 109"] = "iso8859_3",
        ["ISO 2022 IR 110"] = "iso8859_4",
        ["ISO 2022 IR 126"] = "iso_ir_126",
        ["ISO 2022 IR 127"] = "iso_ir_127",
        ["ISO 2022 IR 138"] = "iso_ir_138",
        ["ISO 2022 IR 144"] = "iso_ir_144",
        ["ISO 2022 IR 148"] = "iso_ir_148",
        ["ISO 2022 IR 149"] = "euc_kr",
        ["ISO 2022 IR 159"] = Jis0212Codec,
        ["ISO 2022 IR 166"] = "iso_ir_166",
        ["ISO 2022 IR 203"] = "iso8859_15",
        ["ISO 2022 IR 58"] = "iso_ir_58",
        ["ISO_IR 192"] = "UTF8",
        ["GB18030"] = "GB18030",
        ["GBK"] = "GBK",
        ["ISO 2022 GBK"] = "GBK",
        ["ISO 2022 58"] = "GB2312",
    };

    /// <summary>Escape sequence → codec (PS3.3 Tables C.12-3 and C.12-4).</summary>
    private static readonly Dictionary<string, string> EscapeToCodec = new(StringComparer.Ordinal)
    {
        ["(B"] = DefaultCodec,
        ["-A"] = "latin_1",
        [")I"] = ShiftJisCodec,
        ["(J"] = ShiftJisCodec,
        ["$B"] = Jis0208Codec,
        ["-B"] = "iso8859_2",
        ["-C"] = "iso8859_3",
        ["-D"] = "iso8859_4",
        ["-F"] = "iso_ir_126",
        ["-G"] = "iso_ir_127",
        ["-H"] = "iso_ir_138",
        ["-L"] = "iso_ir_144",
        ["-M"] = "iso_ir_148",
        ["-T"] = "iso_ir_166",
        ["-b"] = "iso8859_15",
        ["$)C"] = "euc_kr",
        ["$(D"] = Jis0212Codec,
        ["$)A"] = "iso_ir_58",
    };

    static CodeElements()
    {
        var strictLatin1 = Encoding.GetEncoding(28591, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback);
        Add(DefaultCodec, CodeElementKind.SingleByte, "(B", b => Encoding.Latin1.GetString(b), strictLatin1);
        Add("latin_1", CodeElementKind.SingleByte, "-A", b => Encoding.Latin1.GetString(b), strictLatin1);
        AddSingleByteTable("iso8859_2", "-B", 28592);
        AddSingleByteTable("iso8859_3", "-C", 28593);
        AddSingleByteTable("iso8859_4", "-D", 28594);
        AddSingleByteTable("iso_ir_126", "-F", 28597);
        AddSingleByteTable("iso_ir_127", "-G", 28596);
        AddSingleByteTable("iso_ir_138", "-H", 28598);
        AddSingleByteTable("iso_ir_144", "-L", 28595);
        AddSingleByteTable("iso_ir_148", "-M", 28599);
        AddSingleByteTable("iso_ir_166", "-T", 874);
        AddSingleByteTable("iso8859_15", "-b", 28605);
        var shiftJis = CodePage(932);
        Add(ShiftJisCodec, CodeElementKind.SingleByte, ")I", b => shiftJis.GetString(b), StrictCodePage(932));
        Add(Jis0208Codec, CodeElementKind.DoubleByteG0, "$B", DecodeJis0208, StrictCodePage(20932));
        ByCodec[Jis0212Codec] = new CodeElement(Jis0212Codec, CodeElementKind.DoubleByteG0, [Esc, (byte)'$', (byte)'(', (byte)'D'], DecodeJis0212, null, EncodeJis0212);
        var eucKr = CodePage(51949);
        Add("euc_kr", CodeElementKind.MultiByteG1, "$)C", b => eucKr.GetString(b), StrictCodePage(51949));
        var gb2312 = CodePage(936);
        Add("iso_ir_58", CodeElementKind.MultiByteG1, "$)A", b => gb2312.GetString(b), StrictCodePage(936));
        var utf8 = new UTF8Encoding(false, false);
        Add("UTF8", CodeElementKind.StandAlone, "", b => utf8.GetString(b), new UTF8Encoding(false, true));
        var gb18030 = CodePage(54936);
        Add("GB18030", CodeElementKind.StandAlone, "", b => gb18030.GetString(b), StrictCodePage(54936));
        Add("GBK", CodeElementKind.StandAlone, "", b => gb2312.GetString(b), StrictCodePage(936));
        Add("GB2312", CodeElementKind.StandAlone, "", b => gb2312.GetString(b), StrictCodePage(936));
    }

    public static CodeElement Default => ByCodec[DefaultCodec];

    /// <summary>The set for a defined term, correcting common misspellings ("ISO IR 100", "ISO-2022-IR-87") as pydicom does; null where unknown.</summary>
    public static CodeElement? ForTerm(string term)
    {
        if (TermToCodec.TryGetValue(term, out var codec))
        {
            return ByCodec[codec];
        }

        string? patched = null;
        if (term.Length > 6 && term.StartsWith("ISO", StringComparison.Ordinal) && term[3] != '_' && term[4..6] == "IR")
        {
            patched = "ISO_IR" + term[6..];
        }
        else if (term.Length > 12 && term.StartsWith("ISO", StringComparison.Ordinal) && term[4..8] == "2022" && term[9..11] == "IR")
        {
            patched = "ISO 2022 IR " + term[12..];
        }

        return patched is not null && TermToCodec.TryGetValue(patched, out codec) ? ByCodec[codec] : null;
    }

    /// <summary>Whether the term is one of those that allow no code extensions (PS3.3 C.12-5).</summary>
    public static bool IsStandAloneTerm(string term) => term is "ISO_IR 192" or "GB18030" or "GBK";

    /// <summary>The set an escape sequence at the start of <paramref name="bytes"/> designates, and the sequence's length.</summary>
    public static CodeElement? ForEscape(ReadOnlySpan<byte> bytes, out int length)
    {
        length = bytes.Length >= 3 && bytes[1] == (byte)'$' && (bytes[2] == (byte)'(' || bytes[2] == (byte)')') ? 4 : 3;
        length = Math.Min(length, bytes.Length);
        if (length < 3 || bytes[0] != Esc)
        {
            return null;
        }

        var key = Encoding.ASCII.GetString(bytes[1..length]);
        return EscapeToCodec.TryGetValue(key, out var codec) ? ByCodec[codec] : null;
    }

    private static void Add(string codec, CodeElementKind kind, string escape, Func<ReadOnlySpan<byte>, string> decode, Encoding? encoding)
    {
        byte[] escapeBytes = escape.Length == 0 ? [] : [Esc, .. Encoding.ASCII.GetBytes(escape)];
        ByCodec[codec] = new CodeElement(codec, kind, escapeBytes, decode, encoding);
    }

    /// <summary>
    /// A 256-entry table from .NET's code page, with the bytes where Python's codec (and the ISO
    /// standard) differ from Windows' tables corrected: ISO 8859-7:2003 additions, and TIS-620's
    /// C1 range (windows-874 puts punctuation there).
    /// </summary>
    private static void AddSingleByteTable(string codec, string escape, int codePage)
    {
        var encoding = CodePage(codePage);
        var table = new char[256];
        var all = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            all[i] = (byte)i;
        }

        encoding.GetChars(all, 0, 256, table, 0);
        if (codePage == 28597)
        {
            table[0xA4] = '\u20AC';
            table[0xA5] = '\u20AF';
            table[0xAA] = '\u037A';
        }
        else if (codePage == 874)
        {
            for (var i = 0x80; i < 0xA0; i++)
            {
                table[i] = (char)i;
            }

            table[0xA0] = '\uFFFD';
        }

        Add(codec, CodeElementKind.SingleByte, escape, b => MapTable(b, table), StrictCodePage(codePage));
    }

    private static string MapTable(ReadOnlySpan<byte> bytes, char[] table)
    {
        return string.Create(bytes.Length, (table, bytes.ToArray()), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.table[state.Item2[i]];
            }
        });
    }

    /// <summary>
    /// JIS X 0208 in G0: pairs of 7-bit bytes, decoded by turning them into EUC-JP (high bit set).
    /// Control characters stay single bytes.
    /// </summary>
    private static string DecodeJis0208(ReadOnlySpan<byte> bytes)
    {
        var euc = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b < 0x21 || b >= 0x7F || i + 1 >= bytes.Length)
            {
                euc.Add(b is < 0x21 or 0x7F ? b : (byte)0xFF);
                continue;
            }

            euc.Add((byte)(b | 0x80));
            euc.Add((byte)(bytes[++i] | 0x80));
        }

        return EucJp.GetString(euc.ToArray());
    }

    /// <summary>JIS X 0212 in G0, from the generated table: .NET's EUC-JP reads its rows as JIS X 0208.</summary>
    private static string DecodeJis0212(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length / 2);
        var cells = Jis0212Table.Cells;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b < 0x21 || b >= 0x7F || i + 1 >= bytes.Length || bytes[i + 1] is < 0x21 or >= 0x7F)
            {
                text.Append(b is < 0x21 or 0x7F ? (char)b : '\uFFFD');
                continue;
            }

            var c = cells[((b - 0x21) * 94) + bytes[++i] - 0x21];
            text.Append(c == 0 ? '\uFFFD' : c);
        }

        return text.ToString();
    }

    private static byte[]? EncodeJis0212(string text)
    {
        var index = Jis0212Index.Value;
        var bytes = new byte[text.Length * 2];
        for (var i = 0; i < text.Length; i++)
        {
            if (!index.TryGetValue(text[i], out var cell))
            {
                return null;
            }

            bytes[i * 2] = (byte)(0x21 + (cell / 94));
            bytes[(i * 2) + 1] = (byte)(0x21 + (cell % 94));
        }

        return bytes;
    }

    private static readonly Lazy<Dictionary<char, int>> Jis0212Index = new(() =>
    {
        var index = new Dictionary<char, int>();
        var cells = Jis0212Table.Cells;
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] != 0)
            {
                index.TryAdd(cells[i], i);
            }
        }

        return index;
    });

    private static Encoding CodePage(int codePage) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"))
        ?? throw new InvalidOperationException($"code page {codePage} is not available");

    private static Encoding StrictCodePage(int codePage) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback("\uFFFD"))
        ?? throw new InvalidOperationException($"code page {codePage} is not available");
}
