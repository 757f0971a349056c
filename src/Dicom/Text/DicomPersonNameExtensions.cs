namespace RadCnn.Dicom.Text;

/// <summary>Person names of a dataset, decoded with its (or its parent's) Specific Character Set.</summary>
public static class DicomPersonNameExtensions
{
    /// <summary>Every value of a PN element as component groups; empty where the element is absent or empty.</summary>
    public static DicomPersonName[] GetPersonNames(this DicomDataset dataset, DicomTag tag)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.TryGetValues<string>(tag, out var values) ? values.Select(DicomPersonName.Parse).ToArray() : [];
    }
}
