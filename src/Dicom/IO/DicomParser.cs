using RadCnn.Dicom.Dictionary;

namespace RadCnn.Dicom.IO;

/// <summary>
/// Reads data elements from a <see cref="ByteSource"/> into datasets: explicit or implicit VR, either byte
/// order, defined and undefined lengths, nested sequences and items, encapsulated pixel data, and UN of
/// undefined length (an implicit VR little endian sequence, PS3.5 6.2.2). Every length is checked
/// against the input before anything is allocated, and nesting is bounded, so hostile input ends in a
/// <see cref="DicomFormatException"/> naming the offset and element.
/// </summary>
internal sealed class DicomParser
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private readonly ByteSource _src;
    private readonly DicomReadOptions _options;
    private readonly string? _name;
    private int _depth;
    private int _pixelRepresentation;

    public DicomParser(ByteSource source, bool explicitVR, DicomReadOptions options, string? name)
    {
        _src = source;
        ExplicitVR = explicitVR;
        _options = options;
        _name = name;
    }

    public bool ExplicitVR { get; set; }

    /// <summary>Reads the top-level dataset (or the meta group when <paramref name="metaOnly"/>) up to the end of input.</summary>
    public void ReadTopLevel(DicomDataset dataset, bool metaOnly, bool detectVR)
    {
        if (detectVR)
        {
            DetectExplicitVR();
        }

        ReadElements(dataset, -1, isItem: false, metaOnly);
    }

    /// <summary>
    /// Files that say explicit VR but are implicit (and the reverse) exist; like pydicom and DCMTK, look at
    /// the first element: two upper-case letters that name a VR after the tag mean explicit.
    /// </summary>
    public void DetectExplicitVR()
    {
        if (!_src.Ensure(6))
        {
            return;
        }

        ExplicitVR = DicomVR.TryParse(_src.Peek(4), _src.Peek(5), out _);
    }

    private void ReadElements(DicomDataset dataset, long end, bool isItem, bool metaOnly = false)
    {
        var stopBefore = isItem || metaOnly ? (uint?)null : _options.StopBeforeTag?.Value;
        while (true)
        {
            if (end >= 0 && _src.Position >= end)
            {
                if (_src.Position > end)
                {
                    throw Error($"the last element runs {_src.Position - end} bytes past the end of its item", _src.Position, null);
                }

                return;
            }

            if (!_src.Ensure(4))
            {
                if (_src.Available > 0)
                {
                    throw Error($"the input ends inside an element header ({_src.Available} bytes left)", _src.Position, null);
                }

                if (end >= 0)
                {
                    throw Error($"the input ends {end - _src.Position} bytes before the end of the item", _src.Position, null);
                }

                if (isItem)
                {
                    throw Error("the input ends inside a sequence item (no item delimiter)", _src.Position, null);
                }

                return;
            }

            if (metaOnly && (_src.Peek(0) | (_src.Peek(1) << 8)) != 0x0002)
            {
                return;
            }

            var start = _src.Position;
            var tag = new DicomTag(_src.ReadUInt16(), _src.ReadUInt16());
            if (tag.Group == 0xFFFE)
            {
                if (!_src.Ensure(4))
                {
                    throw Error("the input ends inside an item header", start, tag);
                }

                var len = _src.ReadUInt32();
                if (tag.Value == DicomTag.ItemDelimitationValue && isItem)
                {
                    if (end >= 0)
                    {
                        // An item delimiter in an item of defined length: tolerated (DCMTK warns) if it ends the item.
                        if (_src.Position != end)
                        {
                            throw Error("item delimiter inside an item of defined length", start, tag);
                        }
                    }

                    return;
                }

                throw Error(tag.Value switch
                {
                    DicomTag.ItemValue => "an item outside a sequence",
                    DicomTag.ItemDelimitationValue => "an item delimiter outside an item",
                    DicomTag.SequenceDelimitationValue => "a sequence delimiter outside a sequence",
                    _ => $"unexpected element in group FFFE (length {len})",
                }, start, tag);
            }

            if (stopBefore is { } stop && tag.Value >= stop)
            {
                return;
            }

            dataset.AddRead(ReadElement(tag, start, dataset));
        }
    }

    private DicomItem ReadElement(DicomTag tag, long start, DicomDataset dataset)
    {
        DicomVR vr;
        uint length;
        if (ExplicitVR)
        {
            if (!_src.Ensure(4))
            {
                throw Error("the input ends inside an element header", start, tag);
            }

            if (DicomVR.TryParse(_src.Peek(0), _src.Peek(1), out vr))
            {
                _src.Advance(2);
                if (vr.HasLongExplicitLength)
                {
                    if (!_src.Ensure(6))
                    {
                        throw Error("the input ends inside an element header", start, tag);
                    }

                    _src.Advance(2);
                    length = _src.ReadUInt32();
                }
                else
                {
                    length = _src.ReadUInt16();
                }
            }
            else
            {
                // Not a VR of the standard. Every VR added since 2006 uses the long form, so (like DCMTK)
                // read a 4-byte length after 2 reserved bytes and keep the value as UN bytes.
                if (!_src.Ensure(8))
                {
                    throw Error("the input ends inside an element header", start, tag);
                }

                _src.Advance(4);
                length = _src.ReadUInt32();
                vr = DicomVR.UN;
            }
        }
        else
        {
            if (!_src.Ensure(4))
            {
                throw Error("the input ends inside an element header", start, tag);
            }

            length = _src.ReadUInt32();
            vr = ImplicitVR(tag, dataset);
        }

        if (length == UndefinedLength)
        {
            if (tag.Value == DicomTag.PixelDataValue || (ExplicitVR && (vr == DicomVR.OB || vr == DicomVR.OW)))
            {
                return ReadFragments(tag, vr, start);
            }

            if (vr == DicomVR.SQ || vr == DicomVR.UN)
            {
                // UN of undefined length is an implicit VR little endian sequence (PS3.5 6.2.2); so is an
                // unknown (private) element of undefined length in an implicit VR dataset.
                return ReadSequence(tag, vr == DicomVR.SQ ? DicomVR.SQ : DicomVR.UN, -1, start, implicitInside: vr != DicomVR.SQ);
            }

            throw Error($"undefined length (0xFFFFFFFF) on a {vr} element, which must have a defined length", start, tag);
        }

        if ((long)length > _src.Remaining)
        {
            throw Error($"value length {length} runs past the end of the input ({_src.Remaining} bytes left)", start, tag);
        }

        if (vr == DicomVR.SQ)
        {
            return ReadSequence(tag, vr, _src.Position + length, start, implicitInside: false);
        }

        var buffer = _src.ReadValue(length) ?? throw Error($"value length {length} runs past the end of the input", start, tag);
        if (_src.BigEndian && vr.UnitSize > 1 || _src.BigEndian && vr == DicomVR.AT)
        {
            buffer = new SwappedByteBuffer(buffer, vr == DicomVR.AT ? 2 : vr.UnitSize);
        }

        if (vr == DicomVR.UN && ExplicitVR && length > 0 && buffer.IsInMemory && DicomDictionary.Lookup(tag).ValueRepresentation == DicomVR.SQ)
        {
            // A sequence that passed through a system that did not know it (UN, defined length): its
            // value is an implicit VR little endian sequence. Kept as UN so it is written back unchanged.
            if (TryReadEmbeddedSequence(tag, buffer, start) is { } embedded)
            {
                return embedded;
            }
        }

        return new DicomElement(tag, vr, buffer);
    }

    private DicomVR ImplicitVR(DicomTag tag, DicomDataset dataset)
    {
        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (tag.Element == 0x0000)
        {
            return DicomVR.UL;
        }

        var vrs = DicomDictionary.Lookup(tag).ValueRepresentations;
        var vr = vrs.Count > 0 ? vrs[0] : DicomVR.UN;
        if (vrs.Count > 1 && vr == DicomVR.US && vrs.Contains(DicomVR.SS))
        {
            // "US or SS" (smallest/largest pixel value, padding value...): signed where Pixel
            // Representation (read before them, it sorts first) says the pixels are signed, as pydicom does.
            if (dataset.GetItem(DicomTag.PixelRepresentation) is DicomElement { Length: >= 2 } representation)
            {
                _pixelRepresentation = representation.GetBytes().Span[0];
            }

            return _pixelRepresentation == 1 ? DicomVR.SS : DicomVR.US;
        }

        return vr == DicomVR.NONE ? DicomVR.UN : vr;
    }

    private DicomSequence ReadSequence(DicomTag tag, DicomVR vr, long end, long start, bool implicitInside)
    {
        if (++_depth > _options.MaxSequenceDepth)
        {
            throw Error($"sequences nested deeper than {_options.MaxSequenceDepth} levels", start, tag);
        }

        var savedExplicit = ExplicitVR;
        var savedBigEndian = _src.BigEndian;
        if (implicitInside)
        {
            ExplicitVR = false;
            _src.BigEndian = false;
        }

        var sequence = new DicomSequence(tag, vr, []) { UndefinedLength = end < 0 };
        try
        {
            while (end < 0 || _src.Position < end)
            {
                var itemStart = _src.Position;
                if (!_src.Ensure(8))
                {
                    throw Error("the input ends inside a sequence (no sequence delimiter)", itemStart, tag);
                }

                var itemTag = (uint)_src.ReadUInt16() << 16 | _src.ReadUInt16();
                var itemLength = _src.ReadUInt32();
                if (itemTag == DicomTag.SequenceDelimitationValue)
                {
                    if (end >= 0)
                    {
                        throw Error("sequence delimiter in a sequence of defined length", itemStart, tag);
                    }

                    break;
                }

                if (itemTag != DicomTag.ItemValue)
                {
                    throw Error($"expected an item (FFFE,E000) in the sequence, found {DicomTag.FromValue(itemTag)}", itemStart, tag);
                }

                var item = new DicomDataset { UndefinedLength = itemLength == UndefinedLength };
                long itemEnd = -1;
                if (itemLength != UndefinedLength)
                {
                    itemEnd = _src.Position + itemLength;
                    if (end >= 0 && itemEnd > end)
                    {
                        // Seen in files edited without fixing lengths (pydicom's DICOMDIR-nooffset): an item
                        // longer than its sequence. DCMTK and pydicom read on to the sequence's end; so does
                        // RadCnn, which is safe because the sequence itself was checked against the input.
                        itemEnd = end;
                    }
                    else if (itemLength > _src.Remaining)
                    {
                        throw Error($"item length {itemLength} runs past the end of the input ({_src.Remaining} bytes left)", itemStart, tag);
                    }
                }

                ReadElements(item, itemEnd, isItem: true);
                sequence.Items.Add(item);
            }

            if (end >= 0 && _src.Position != end)
            {
                throw Error($"the last item runs {_src.Position - end} bytes past the end of the sequence", _src.Position, tag);
            }
        }
        finally
        {
            ExplicitVR = savedExplicit;
            _src.BigEndian = savedBigEndian;
            _depth--;
        }

        return sequence;
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, long start)
    {
        // Encapsulated pixel data is OB (PS3.5 A.4); where the VR was guessed (implicit VR) or UN, say so.
        var fragments = new DicomFragmentSequence(tag, vr == DicomVR.UN || !ExplicitVR ? DicomVR.OB : vr);
        var first = true;
        while (true)
        {
            var itemStart = _src.Position;
            if (!_src.Ensure(8))
            {
                throw Error("the input ends inside encapsulated pixel data (no sequence delimiter)", itemStart, tag);
            }

            var itemTag = (uint)_src.ReadUInt16() << 16 | _src.ReadUInt16();
            var length = _src.ReadUInt32();
            if (itemTag == DicomTag.SequenceDelimitationValue)
            {
                return fragments;
            }

            if (itemTag != DicomTag.ItemValue)
            {
                throw Error($"expected a fragment item (FFFE,E000), found {DicomTag.FromValue(itemTag)}", itemStart, tag);
            }

            if (length == UndefinedLength || length > _src.Remaining)
            {
                throw Error($"fragment length {length} runs past the end of the input ({_src.Remaining} bytes left)", itemStart, tag);
            }

            var buffer = _src.ReadValue(length) ?? throw Error($"fragment length {length} runs past the end of the input", itemStart, tag);
            if (first)
            {
                fragments.OffsetTableBuffer = _src.BigEndian ? new SwappedByteBuffer(buffer, 4) : buffer;
                first = false;
            }
            else
            {
                fragments.AddFragment(buffer);
            }
        }
    }

    private DicomSequence? TryReadEmbeddedSequence(DicomTag tag, ByteBuffer buffer, long start)
    {
        var bytes = buffer.Data;
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment) || segment.Array is null)
        {
            return null;
        }

        var inner = new ByteSource(segment.Array, segment.Offset, segment.Count, start + 12);
        var parser = new DicomParser(inner, explicitVR: false, _options, _name) { _depth = _depth };
        try
        {
            return parser.ReadSequence(tag, DicomVR.UN, inner.Position + segment.Count, start, implicitInside: true);
        }
        catch (DicomFormatException)
        {
            return null;
        }
    }

    private DicomFormatException Error(string reason, long offset, DicomTag? tag) => new(reason, offset, tag, _name);
}
