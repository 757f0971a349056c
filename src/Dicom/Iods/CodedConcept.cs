namespace RadCnn.Dicom.Iods;

/// <summary>
/// A coded concept (PS3.3 8.8 Code Sequence macro): value, coding scheme designator and meaning,
/// e.g. ("10200004", "SCT", "Liver"). Private concepts use a "99"-prefixed scheme (PS3.16 8.2).
/// </summary>
public sealed record CodedConcept(string Value, string Scheme, string Meaning)
{
    /// <summary>The sequence item (Code Value, Coding Scheme Designator, Code Meaning).</summary>
    internal DicomDataset ToItem()
    {
        var item = new DicomDataset();
        // Values over 16 characters (URNs, long SCT ids) go to Long Code Value (PS3.3 8.8.1).
        if (Value.Length > 16)
        {
            item.AddOrUpdate(DicomTag.CodingSchemeDesignator, Scheme);
            item.AddOrUpdate(DicomTag.CodeMeaning, Meaning);
            item.AddOrUpdate(DicomTag.LongCodeValue, Value);
        }
        else
        {
            item.AddOrUpdate(DicomTag.CodeValue, Value);
            item.AddOrUpdate(DicomTag.CodingSchemeDesignator, Scheme);
            item.AddOrUpdate(DicomTag.CodeMeaning, Meaning);
        }

        return item;
    }

    public override string ToString() => $"({Value}, {Scheme}, \"{Meaning}\")";
}
