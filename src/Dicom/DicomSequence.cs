using System.Collections.ObjectModel;

namespace RadCnn.Dicom;

/// <summary>
/// A sequence (SQ) of nested datasets. Also holds a UN element of undefined length, which PS3.5 6.2.2
/// says is a sequence encoded in implicit VR little endian; <see cref="DicomItem.VR"/> stays UN so it is
/// written back the way it came.
/// </summary>
public sealed class DicomSequence : DicomItem
{
    public DicomSequence(DicomTag tag, params IEnumerable<DicomDataset> items)
        : this(tag, DicomVR.SQ, items)
    {
    }

    internal DicomSequence(DicomTag tag, DicomVR vr, IEnumerable<DicomDataset> items)
        : base(tag, vr)
    {
        Items = new ItemCollection(this);
        foreach (var item in items)
        {
            Items.Add(item);
        }
    }

    /// <summary>The nested datasets in order. Adding a dataset here makes it inherit this sequence's character set.</summary>
    public Collection<DicomDataset> Items { get; }

    /// <summary>Written with undefined length and a sequence delimiter (the default for new sequences).</summary>
    public bool UndefinedLength { get; set; } = true;

    /// <summary>The dataset that holds this sequence, for character-set inheritance.</summary>
    internal DicomDataset? Owner { get; set; }

    public override DicomItem Clone()
    {
        var copy = new DicomSequence(Tag, VR, Items.Select(i => i.Clone())) { UndefinedLength = UndefinedLength };
        return copy;
    }

    public override string ToString() => $"{Tag} {VR.Code} ({Items.Count} items)";

    private sealed class ItemCollection(DicomSequence owner) : Collection<DicomDataset>
    {
        protected override void InsertItem(int index, DicomDataset item)
        {
            ArgumentNullException.ThrowIfNull(item);
            item.ParentSequence = owner;
            base.InsertItem(index, item);
        }

        protected override void SetItem(int index, DicomDataset item)
        {
            ArgumentNullException.ThrowIfNull(item);
            item.ParentSequence = owner;
            base.SetItem(index, item);
        }
    }
}
