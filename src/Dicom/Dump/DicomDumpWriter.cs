using System.Globalization;
using System.Text;

namespace RadCnn.Dicom.Dump;

/// <summary>
/// A readable listing of a file in the manner of DCMTK's dcmdump: one line per element with tag,
/// VR, value (strings decoded with the dataset's character set, numbers, hex for bytes; long
/// values cut short), length, value multiplicity and keyword; sequences and items indented. Large
/// values still in the file (pixel data) are described, not read.
/// </summary>
public static class DicomDumpWriter
{
    private const int ValueWidth = 66;
    private const int MaxValueChars = 64;

    public static string Dump(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var text = new StringBuilder();
        text.AppendLine(file.Format == DicomFileFormat.DatasetOnly ? "# Dicom-Data-Set (no file meta information)" : "# Dicom-File-Format");
        if (file.FileMetaInfo.Count > 0)
        {
            text.AppendLine().AppendLine("# Dicom-Meta-Information-Header").AppendLine("# Used TransferSyntax: Little Endian Explicit");
            WriteDataset(text, file.FileMetaInfo, 0);
        }

        text.AppendLine().AppendLine("# Dicom-Data-Set").Append("# Used TransferSyntax: ").AppendLine(file.TransferSyntax.ToString());
        WriteDataset(text, file.Dataset, 0);
        return text.ToString();
    }

    private static void WriteDataset(StringBuilder text, DicomDataset dataset, int depth)
    {
        foreach (var item in dataset)
        {
            switch (item)
            {
                case DicomSequence sequence:
                    Line(text, depth, item.Tag, item.VR.Code, $"(Sequence with {sequence.Items.Count} items)", sequence.UndefinedLength ? "u/l" : "-", sequence.Items.Count, Keyword(item.Tag));
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        var nested = sequence.Items[i];
                        Line(text, depth + 1, new DicomTag(0xFFFE, 0xE000), "na", $"(Item #{i + 1} with {nested.Count} elements)", nested.UndefinedLength ? "u/l" : "-", 1, "Item");
                        WriteDataset(text, nested, depth + 2);
                    }

                    break;
                case DicomFragmentSequence fragments:
                    Line(text, depth, item.Tag, item.VR.Code, $"(PixelSequence #={fragments.FragmentCount + 1})", "u/l", 1, Keyword(item.Tag));
                    Line(text, depth + 1, new DicomTag(0xFFFE, 0xE000), "pi", $"(basic offset table, {fragments.BasicOffsetTable.Count} entries)", (fragments.BasicOffsetTable.Count * 4).ToString(CultureInfo.InvariantCulture), 1, "Item");
                    for (var i = 0; i < fragments.FragmentCount; i++)
                    {
                        Line(text, depth + 1, new DicomTag(0xFFFE, 0xE000), "pi", $"(fragment {i + 1})", fragments.GetFragmentLength(i).ToString(CultureInfo.InvariantCulture), 1, "Item");
                    }

                    break;
                case DicomElement element:
                    var (value, multiplicity) = Describe(dataset, element);
                    Line(text, depth, item.Tag, item.VR.Code, value, element.Length.ToString(CultureInfo.InvariantCulture), multiplicity, Keyword(item.Tag));
                    break;
            }
        }
    }

    private static (string Value, int Multiplicity) Describe(DicomDataset dataset, DicomElement element)
    {
        if (element.Length == 0)
        {
            return ("(no value available)", 0);
        }

        var vr = element.VR;
        if (!element.IsLoaded && element.Length > 4096)
        {
            return ($"(not loaded: {element.Length} bytes in the file)", 1);
        }

        try
        {
            if (vr.IsString)
            {
                var values = dataset.GetValues<string>(element.Tag);
                return ("[" + Shorten(string.Join('\\', values)) + "]", Math.Max(values.Length, 1));
            }

            if (vr.Kind is DicomVRKind.Binary or DicomVRKind.Tag)
            {
                var values = dataset.GetValues<string>(element.Tag);
                return (Shorten(string.Join('\\', values)), values.Length);
            }
        }
        catch (FormatException)
        {
            // Fall through to the bytes: a dump must show a bad value, not stop at it.
        }

        var bytes = element.GetBytes().Span;
        var shown = bytes[..Math.Min(bytes.Length, 24)];
        var hex = string.Join('\\', shown.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        return (bytes.Length > shown.Length ? hex + "..." : hex, 1);
    }

    private static string Shorten(string value)
    {
        var clean = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            // Control characters (CR/LF in text, ESC of unknown code extensions) would break the one-line layout.
            clean.Append(char.IsControl(c) ? '.' : c);
        }

        return clean.Length > MaxValueChars ? clean.ToString(0, MaxValueChars - 3) + "..." : clean.ToString();
    }

    private static string Keyword(DicomTag tag)
    {
        var keyword = tag.DictionaryEntry.Keyword;
        return string.IsNullOrEmpty(keyword) ? (tag.IsPrivate ? (tag.Element is >= 0x10 and <= 0xFF ? "PrivateCreator" : "PrivateTag") : "UnknownTag") : keyword;
    }

    private static void Line(StringBuilder text, int depth, DicomTag tag, string vr, string value, string length, int multiplicity, string keyword)
    {
        var start = text.Length;
        text.Append(' ', depth * 2)
            .Append(CultureInfo.InvariantCulture, $"({tag.Group:x4},{tag.Element:x4}) {vr} {value}");
        var width = text.Length - start;
        if (width < ValueWidth)
        {
            text.Append(' ', ValueWidth - width);
        }

        text.Append(CultureInfo.InvariantCulture, $" # {length,5}, {multiplicity} {keyword}").AppendLine();
    }
}
