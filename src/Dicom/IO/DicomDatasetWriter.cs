using System.Buffers.Binary;

namespace RadCnn.Dicom.IO;

/// <summary>
/// Encodes a dataset in explicit or implicit VR little endian. Sequences and items keep the length form
/// they were read with (defined or undefined), defined lengths and group lengths are computed, and value
/// bytes are written as stored, so an unchanged dataset is written back byte for byte.
/// </summary>
internal sealed class DicomDatasetWriter
{
    private const uint Undefined = 0xFFFFFFFF;
    private readonly Stream _out;
    private readonly Dictionary<object, long> _lengths = new(ReferenceEqualityComparer.Instance);
    private bool _explicit;

    private DicomDatasetWriter(Stream output, bool explicitVR)
    {
        _out = output;
        _explicit = explicitVR;
    }

    public static void Write(Stream output, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        if (syntax.IsBigEndian)
        {
            throw new NotSupportedException("RadCnn reads explicit VR big endian (retired) but writes only little-endian syntaxes");
        }

        new DicomDatasetWriter(output, syntax.IsExplicitVR).WriteElements(dataset);
    }

    /// <summary>Encoded length of a whole dataset (as an item's content) in the given VR mode.</summary>
    public static long Measure(DicomDataset dataset, bool explicitVR) => new DicomDatasetWriter(Stream.Null, explicitVR).DatasetLength(dataset);

    private void WriteElements(DicomDataset dataset)
    {
        Span<byte> value = stackalloc byte[4];
        foreach (var item in dataset)
        {
            if (item.Tag.IsGroupLength && item is DicomElement && item.VR == DicomVR.UL)
            {
                // Group lengths are recomputed: a stale one would make readers that trust it skip elements.
                WriteHeader(item.Tag, DicomVR.UL, 4);
                BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)GroupLength(dataset, item.Tag.Group));
                _out.Write(value);
            }
            else
            {
                WriteItem(item);
            }
        }
    }

    private void WriteItem(DicomItem item)
    {
        switch (item)
        {
            case DicomElement element:
                WriteHeader(element.Tag, ValueVR(element), element.Length);
                element.Buffer.WriteTo(_out);
                break;
            case DicomSequence sequence:
                WriteSequence(sequence);
                break;
            case DicomFragmentSequence fragments:
                WriteHeader(fragments.Tag, fragments.VR, Undefined);
                WriteItemHeader(DicomTag.ItemValue, (uint)fragments.OffsetTableBuffer.Length);
                fragments.OffsetTableBuffer.WriteTo(_out);
                foreach (var fragment in fragments.Fragments)
                {
                    WriteItemHeader(DicomTag.ItemValue, (uint)fragment.Length);
                    fragment.WriteTo(_out);
                }

                WriteItemHeader(DicomTag.SequenceDelimitationValue, 0);
                break;
            default:
                throw new NotSupportedException(item.GetType().Name);
        }
    }

    private void WriteSequence(DicomSequence sequence)
    {
        WriteHeader(sequence.Tag, sequence.VR, sequence.UndefinedLength ? Undefined : SequenceContentLength(sequence));
        var saved = _explicit;
        _explicit = _explicit && sequence.VR != DicomVR.UN; // a UN sequence is implicit VR inside
        try
        {
            foreach (var item in sequence.Items)
            {
                WriteItemHeader(DicomTag.ItemValue, item.UndefinedLength ? Undefined : (uint)DatasetLength(item));
                WriteElements(item);
                if (item.UndefinedLength)
                {
                    WriteItemHeader(DicomTag.ItemDelimitationValue, 0);
                }
            }
        }
        finally
        {
            _explicit = saved;
        }

        if (sequence.UndefinedLength)
        {
            WriteItemHeader(DicomTag.SequenceDelimitationValue, 0);
        }
    }

    private void WriteHeader(DicomTag tag, DicomVR vr, long length)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        if (!_explicit)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)length);
            _out.Write(header[..8]);
            return;
        }

        header[4] = (byte)vr.Code[0];
        header[5] = (byte)vr.Code[1];
        if (vr.HasLongExplicitLength)
        {
            header[6] = 0;
            header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)length);
            _out.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            _out.Write(header[..8]);
        }
    }

    private void WriteItemHeader(uint tag, uint length)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(tag >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)tag);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
        _out.Write(header);
    }

    /// <summary>A value too long for a 16-bit length field cannot be written with its VR: it goes out as UN (as DCMTK does).</summary>
    private DicomVR ValueVR(DicomElement element) =>
        _explicit && !element.VR.HasLongExplicitLength && element.Length > ushort.MaxValue ? DicomVR.UN : element.VR;

    private long GroupLength(DicomDataset dataset, ushort group)
    {
        long total = 0;
        foreach (var item in dataset)
        {
            if (item.Tag.Group == group && !item.Tag.IsGroupLength)
            {
                total += ItemLength(item);
            }
        }

        return total;
    }

    private long ItemLength(DicomItem item)
    {
        var vr = item is DicomElement e ? ValueVR(e) : item.VR;
        long header = !_explicit ? 8 : vr.HasLongExplicitLength ? 12 : 8;
        return item switch
        {
            DicomElement element => header + element.Length,
            DicomSequence sequence => header + SequenceContentLength(sequence) + (sequence.UndefinedLength ? 8 : 0),
            DicomFragmentSequence fragments => header + 8 + fragments.OffsetTableBuffer.Length + fragments.Fragments.Sum(f => 8 + f.Length) + 8,
            _ => throw new NotSupportedException(item.GetType().Name),
        };
    }

    private uint SequenceContentLength(DicomSequence sequence)
    {
        if (_lengths.TryGetValue(sequence, out var cached))
        {
            return (uint)cached;
        }

        var saved = _explicit;
        _explicit = _explicit && sequence.VR != DicomVR.UN;
        long total = 0;
        try
        {
            foreach (var item in sequence.Items)
            {
                total += 8 + DatasetLength(item) + (item.UndefinedLength ? 8 : 0);
            }
        }
        finally
        {
            _explicit = saved;
        }

        _lengths[sequence] = total;
        return checked((uint)total);
    }

    private long DatasetLength(DicomDataset dataset)
    {
        if (_lengths.TryGetValue(dataset, out var cached))
        {
            return cached;
        }

        long total = 0;
        foreach (var item in dataset)
        {
            total += ItemLength(item);
        }

        _lengths[dataset] = total;
        return total;
    }
}
