using System.Collections;
using RadCnn.Dicom.Text;

namespace RadCnn.Dicom;

/// <summary>
/// An ordered set of data elements (ascending tag order, as DICOM requires), possibly an item of a
/// sequence. Typed getters and setters are in DicomDataset.Values.cs; strings are decoded through the
/// dataset's character set, which sequence items inherit from the dataset that holds them.
/// </summary>
public sealed partial class DicomDataset : IEnumerable<DicomItem>
{
    private readonly List<DicomItem> _items;
    private DicomCharacterSet? _ownCharacterSet;

    public DicomDataset()
    {
        _items = [];
    }

    public DicomDataset(IEnumerable<DicomItem> items)
        : this()
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            AddOrUpdate(item);
        }
    }

    internal DicomDataset(int capacity)
    {
        _items = new List<DicomItem>(capacity);
    }

    public int Count => _items.Count;

    /// <summary>Written with undefined length and an item delimiter when it is a sequence item (the default for new items).</summary>
    public bool UndefinedLength { get; set; } = true;

    /// <summary>The sequence this dataset is an item of, if any.</summary>
    internal DicomSequence? ParentSequence { get; set; }

    /// <summary>The character set strings are decoded with: this dataset's (0008,0005), else its parent's.</summary>
    internal DicomCharacterSet CharacterSet
    {
        get
        {
            if (_ownCharacterSet is not null)
            {
                return _ownCharacterSet;
            }

            if (Find(DicomTag.SpecificCharacterSet) is DicomElement element)
            {
                var terms = DicomCharacterSet.Default.Decode(element.GetBytes().Span, DicomVR.CS)
                    .Split('\\')
                    .Select(t => t.Trim(' ', '\0'))
                    .ToArray();
                return _ownCharacterSet = DicomCharacterSet.FromSpecificCharacterSet(terms);
            }

            return ParentSequence?.Owner?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    /// <summary>The element, sequence or fragment sequence under a tag, or null.</summary>
    public DicomItem? GetItem(DicomTag tag) => Find(tag);

    public bool TryGetItem<T>(DicomTag tag, out T item)
        where T : DicomItem
    {
        if (Find(tag) is T found)
        {
            item = found;
            return true;
        }

        item = null!;
        return false;
    }

    /// <summary>Adds an item or replaces the one with the same tag.</summary>
    public DicomDataset AddOrUpdate(DicomItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item is DicomSequence sequence)
        {
            sequence.Owner = this;
        }

        if (item.Tag == DicomTag.SpecificCharacterSet)
        {
            _ownCharacterSet = null;
        }

        // Readers and writers almost always add in ascending order: append without searching.
        if (_items.Count == 0 || _items[^1].Tag < item.Tag)
        {
            _items.Add(item);
            return this;
        }

        var index = IndexOf(item.Tag);
        if (index >= 0)
        {
            _items[index] = item;
        }
        else
        {
            _items.Insert(~index, item);
        }

        return this;
    }

    /// <summary>Removes the item under a tag; false where there was none.</summary>
    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag);
        if (index < 0)
        {
            return false;
        }

        if (tag == DicomTag.SpecificCharacterSet)
        {
            _ownCharacterSet = null;
        }

        _items.RemoveAt(index);
        return true;
    }

    /// <summary>Removes every item for which the predicate holds (e.g. a whole group).</summary>
    public int RemoveAll(Func<DicomItem, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        _ownCharacterSet = null;
        return _items.RemoveAll(i => predicate(i));
    }

    /// <summary>A deep copy: nested datasets are copied, value bytes (immutable) are shared.</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset(_items.Count) { UndefinedLength = UndefinedLength };
        foreach (var item in _items)
        {
            copy.AddOrUpdate(item.Clone());
        }

        return copy;
    }

    public IEnumerator<DicomItem> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal DicomItem? Find(DicomTag tag)
    {
        var index = IndexOf(tag);
        return index >= 0 ? _items[index] : null;
    }

    /// <summary>Appends an item read from a file without reordering (the reader checks order itself).</summary>
    internal void AddRead(DicomItem item)
    {
        if (item is DicomSequence sequence)
        {
            sequence.Owner = this;
        }

        if (_items.Count == 0 || _items[^1].Tag < item.Tag)
        {
            _items.Add(item);
        }
        else
        {
            AddOrUpdate(item);
        }
    }

    private int IndexOf(DicomTag tag)
    {
        var lo = 0;
        var hi = _items.Count - 1;
        var value = tag.Value;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = _items[mid].Tag.Value;
            if (v == value)
            {
                return mid;
            }

            if (v < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
