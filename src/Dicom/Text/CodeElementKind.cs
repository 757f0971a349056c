namespace RadCnn.Dicom.Text;

/// <summary>How a character set is invoked and how many bytes make one character (PS3.3 C.12.1.1.2, PS3.5 6.1).</summary>
internal enum CodeElementKind
{
    /// <summary>One byte per character in G0 and/or G1 (ISO 8859, ASCII, JIS X 0201).</summary>
    SingleByte,

    /// <summary>Two 7-bit bytes per character in G0 (JIS X 0208, JIS X 0212): delimiters are not recognised inside.</summary>
    DoubleByteG0,

    /// <summary>ASCII in G0 plus two high bytes per character in G1 (KS X 1001, GB 2312).</summary>
    MultiByteG1,

    /// <summary>A whole-value encoding that allows no code extensions (UTF-8, GB18030, GBK).</summary>
    StandAlone,
}
