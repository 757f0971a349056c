namespace RadCnn.Dicom;

/// <summary>Anything a dataset holds under a tag: a value element, a sequence, or encapsulated pixel data fragments.</summary>
public abstract class DicomItem
{
    private protected DicomItem(DicomTag tag, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(vr);
        Tag = tag;
        VR = vr;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>A copy that shares immutable value bytes but not nested datasets.</summary>
    public abstract DicomItem Clone();

    public override string ToString() => $"{Tag} {VR.Code}";
}
