using RadCnn.Dicom.Values;

namespace RadCnn.Dicom;

/// <summary>Typed access to values: getters decode through the dataset's character set, setters encode the same way.</summary>
public sealed partial class DicomDataset
{
    /// <summary>The whole string value (all values joined by backslashes) with padding removed.</summary>
    /// <exception cref="KeyNotFoundException">No element with this tag.</exception>
    public string GetString(DicomTag tag) =>
        TryGetString(tag, out var value) ? value : throw new KeyNotFoundException($"no element {tag} {tag.Keyword} in the dataset");

    public bool TryGetString(DicomTag tag, out string value)
    {
        if (Find(tag) is DicomElement element)
        {
            value = DicomValueCodec.DecodeString(element, CharacterSet);
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The string value, or <paramref name="defaultValue"/> where the element is absent.</summary>
    public string GetStringOrDefault(DicomTag tag, string defaultValue = "") =>
        TryGetString(tag, out var value) ? value : defaultValue;

    /// <summary>
    /// All values converted to <typeparamref name="T"/>: string, DicomUid, DicomTag, or any .NET number
    /// (IS/DS strings are parsed; OB/OW bytes are reinterpreted). Empty for an empty element.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No element with this tag.</exception>
    /// <exception cref="DicomFormatException">The value cannot be read as <typeparamref name="T"/> (names the element).</exception>
    public T[] GetValues<T>(DicomTag tag) =>
        Find(tag) is DicomElement element
            ? DecodeChecked<T>(element)
            : throw new KeyNotFoundException($"no element {tag} {tag.Keyword} in the dataset");

    public bool TryGetValues<T>(DicomTag tag, out T[] values)
    {
        if (Find(tag) is DicomElement element)
        {
            try
            {
                values = DicomValueCodec.Decode<T>(element, CharacterSet);
                return true;
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
            }
        }

        values = [];
        return false;
    }

    /// <summary>The value at <paramref name="index"/> (default: the first).</summary>
    /// <exception cref="KeyNotFoundException">No element with this tag, or fewer values than asked for.</exception>
    public T GetSingleValue<T>(DicomTag tag, int index = 0)
    {
        var values = GetValues<T>(tag);
        return index < values.Length ? values[index] : throw new KeyNotFoundException($"element {tag} has {values.Length} values, not {index + 1}");
    }

    public bool TryGetSingleValue<T>(DicomTag tag, out T value)
    {
        if (TryGetValues<T>(tag, out var values) && values.Length > 0)
        {
            value = values[0];
            return true;
        }

        value = default!;
        return false;
    }

    public T GetSingleValueOrDefault<T>(DicomTag tag, T defaultValue) =>
        TryGetSingleValue<T>(tag, out var value) ? value : defaultValue;

    /// <exception cref="KeyNotFoundException">No sequence with this tag.</exception>
    public DicomSequence GetSequence(DicomTag tag) =>
        Find(tag) as DicomSequence ?? throw new KeyNotFoundException($"no sequence {tag} {tag.Keyword} in the dataset");

    public bool TryGetSequence(DicomTag tag, out DicomSequence sequence) => TryGetItem(tag, out sequence);

    /// <summary>Sets string values with the dictionary's VR for the tag.</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, params string[] values) => AddOrUpdate(tag, VRFor(tag), values);

    /// <summary>Sets values (strings, numbers, tags, UIDs or bytes) with the dictionary's VR for the tag.</summary>
    public DicomDataset AddOrUpdate<T>(DicomTag tag, params T[] values) => AddOrUpdate(tag, VRFor(tag), values);

    /// <summary>Sets values with an explicit VR (needed for private tags, which the dictionary does not know).</summary>
    public DicomDataset AddOrUpdate<T>(DicomTag tag, DicomVR vr, params T[] values)
    {
        ArgumentNullException.ThrowIfNull(vr);
        ArgumentNullException.ThrowIfNull(values);
        var charset = tag == DicomTag.SpecificCharacterSet ? Text.DicomCharacterSet.Default : CharacterSet;
        return AddOrUpdate(DicomElement.FromBytes(tag, vr, DicomValueCodec.Encode(vr, values, charset)));
    }

    /// <summary>Sets a sequence of the given items.</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, params DicomDataset[] items) => AddOrUpdate(new DicomSequence(tag, items));

    private T[] DecodeChecked<T>(DicomElement element)
    {
        try
        {
            return DicomValueCodec.Decode<T>(element, CharacterSet);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException && e is not DicomFormatException)
        {
            throw new DicomFormatException($"the {element.VR} value cannot be read as {typeof(T).Name}: {e.Message}", -1, element.Tag, null, e);
        }
    }

    private static DicomVR VRFor(DicomTag tag)
    {
        var vr = tag.DictionaryEntry.ValueRepresentation;
        return vr == DicomVR.NONE || vr == DicomVR.UN && tag.IsPrivate
            ? throw new ArgumentException($"the dictionary has no VR for {tag}: pass one explicitly")
            : vr;
    }
}
