namespace RadCnn.Dicom.Dictionary;

/// <summary>One row of the data dictionary (PS3.6): what a tag is called and how its value is encoded.</summary>
public sealed class DicomDictionaryEntry
{
    internal DicomDictionaryEntry(DicomTag tag, IReadOnlyList<DicomVR> valueRepresentations, string valueMultiplicity, string keyword, string name, bool isRetired)
    {
        Tag = tag;
        ValueRepresentations = valueRepresentations;
        ValueMultiplicity = valueMultiplicity;
        Keyword = keyword;
        Name = name;
        IsRetired = isRetired;
    }

    /// <summary>The tag (for repeating groups such as 60xx, the first of the range).</summary>
    public DicomTag Tag { get; }

    /// <summary>Allowed VRs; more than one for "US or SS" style entries (the first is used for implicit VR).</summary>
    public IReadOnlyList<DicomVR> ValueRepresentations { get; }

    /// <summary>The VR used when the file does not say (implicit VR).</summary>
    public DicomVR ValueRepresentation => ValueRepresentations.Count > 0 ? ValueRepresentations[0] : DicomVR.UN;

    /// <summary>"1", "1-n", "2-2n"...</summary>
    public string ValueMultiplicity { get; }

    /// <summary>"PatientName"; empty for unknown and private tags.</summary>
    public string Keyword { get; }

    /// <summary>"Patient's Name".</summary>
    public string Name { get; }

    public bool IsRetired { get; }

    public override string ToString() => $"{Tag} {ValueRepresentation} {Keyword}";
}
