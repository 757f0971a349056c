using RadCnn.Dicom.IO;

namespace RadCnn.Dicom.Imaging;

/// <summary>
/// The image pixel description of a dataset (PS3.3 C.7.6.3) and lazy access to its frames: native
/// (uncompressed) data in any byte order, and RLE Lossless. Each frame is read from the file only
/// when asked for, so a 500 MB multi-frame file costs one frame of memory. Every other compressed
/// syntax is refused when the object is created, naming the syntax. Values come out as floating
/// point arrays (stored, after the modality LUT, or for display); callers make tensors from them.
/// </summary>
public sealed partial class DicomPixelData
{
    private readonly DicomDataset _dataset;
    private readonly DicomElement? _native;
    private readonly EncapsulatedFrames? _encapsulated;
    private readonly bool _rle;
    private readonly bool _bigEndian;

    private DicomPixelData(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        _dataset = dataset;
        TransferSyntax = syntax;
        Rows = Required(dataset, DicomTag.Rows);
        Columns = Required(dataset, DicomTag.Columns);
        var item = dataset.GetItem(DicomTag.PixelData);
        IsFloat = item is null && (dataset.Contains(DicomTag.FloatPixelData) || dataset.Contains(DicomTag.DoubleFloatPixelData));
        item ??= dataset.GetItem(DicomTag.FloatPixelData) ?? dataset.GetItem(DicomTag.DoubleFloatPixelData)
            ?? throw new DicomPixelDataException("the dataset has no Pixel Data (7FE0,0010), Float Pixel Data or Double Float Pixel Data");
        BitsAllocated = IsFloat && item.Tag == DicomTag.DoubleFloatPixelData ? 64 : Required(dataset, DicomTag.BitsAllocated);
        BitsStored = IsFloat ? BitsAllocated : dataset.GetSingleValueOrDefault(DicomTag.BitsStored, BitsAllocated);
        HighBit = IsFloat ? BitsAllocated - 1 : dataset.GetSingleValueOrDefault(DicomTag.HighBit, BitsStored - 1);
        IsSigned = !IsFloat && dataset.GetSingleValueOrDefault(DicomTag.PixelRepresentation, 0) == 1;
        SamplesPerPixel = dataset.GetSingleValueOrDefault(DicomTag.SamplesPerPixel, 1);
        PlanarConfiguration = SamplesPerPixel > 1 ? dataset.GetSingleValueOrDefault(DicomTag.PlanarConfiguration, 0) : 0;
        PhotometricInterpretation = dataset.GetStringOrDefault(DicomTag.PhotometricInterpretation, "MONOCHROME2").Trim();
        var frames = dataset.TryGetSingleValue<int>(DicomTag.NumberOfFrames, out var n) ? n : 1;
        NumberOfFrames = frames > 0 ? frames : 1;
        Validate();
        _bigEndian = syntax.IsBigEndian;
        if (!syntax.IsEncapsulated)
        {
            _native = item as DicomElement ?? throw new DicomPixelDataException($"{syntax.Name} is a native syntax but the pixel data is encapsulated in fragments");
            return;
        }

        _rle = syntax.Uid == DicomUid.RLELossless;
        if (!_rle && syntax.Uid != DicomUid.EncapsulatedUncompressedExplicitVRLittleEndian)
        {
            throw new DicomUnsupportedTransferSyntaxException(syntax);
        }

        var fragments = item as DicomFragmentSequence ?? throw new DicomPixelDataException($"{syntax.Name} needs encapsulated pixel data, but the element holds a plain value");
        _encapsulated = new EncapsulatedFrames(fragments, OffsetTable(dataset, fragments), NumberOfFrames);
    }

    public DicomTransferSyntax TransferSyntax { get; }

    public int Rows { get; }

    public int Columns { get; }

    public int NumberOfFrames { get; }

    public int SamplesPerPixel { get; }

    public int BitsAllocated { get; }

    public int BitsStored { get; }

    public int HighBit { get; }

    /// <summary>Pixel Representation 1: two's complement values.</summary>
    public bool IsSigned { get; }

    /// <summary>Float or Double Float Pixel Data rather than integers.</summary>
    public bool IsFloat { get; }

    /// <summary>As stored: 0 = R G B R G B..., 1 = all R, then all G, then all B. RLE frames always decode as 1.</summary>
    public int PlanarConfiguration { get; }

    public string PhotometricInterpretation { get; }

    /// <summary>Values per frame: rows × columns × samples per pixel.</summary>
    public int FrameValueCount => Rows * Columns * SamplesPerPixel;

    /// <summary>Describes the pixel data of a file.</summary>
    /// <exception cref="DicomUnsupportedTransferSyntaxException">The pixel data is compressed with a syntax RadCnn does not decode.</exception>
    /// <exception cref="DicomPixelDataException">The image pixel attributes are missing or contradict each other.</exception>
    public static DicomPixelData Create(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new DicomPixelData(file.Dataset, file.TransferSyntax);
    }

    /// <summary>Describes the pixel data of a dataset encoded in <paramref name="syntax"/>.</summary>
    public static DicomPixelData Create(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        return new DicomPixelData(dataset, syntax);
    }

    /// <summary>
    /// One frame's bytes as native little-endian pixels in the stored planar configuration (RLE
    /// frames decoded, in planar configuration 1). With 1-bit data the bytes start at the byte that
    /// holds the frame's first bit.
    /// </summary>
    /// <exception cref="DicomPixelDataException">The frame is missing or corrupt.</exception>
    public byte[] GetFrameBytes(int frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, NumberOfFrames);
        if (_encapsulated is not null)
        {
            var encoded = _encapsulated.GetFrame(frame);
            return _rle ? RleDecoder.DecodeFrame(encoded, Rows, Columns, SamplesPerPixel, BitsAllocated) : encoded;
        }

        var bits = FrameBits;
        var start = frame * bits / 8;
        var end = ((frame + 1) * bits + 7) / 8;
        if (end > _native!.Length)
        {
            throw new DicomPixelDataException($"frame {frame} needs pixel data bytes {start}..{end}, but the value is {_native.Length} bytes long");
        }

        return ReadLittleEndian(start, (int)(end - start));
    }

    /// <summary>Bits of one native frame; YBR_FULL_422 stores two luminance and one pair of chrominance values per two pixels.</summary>
    private long FrameBits
    {
        get
        {
            var bits = (long)Rows * Columns * SamplesPerPixel * BitsAllocated;
            return IsYbr422 ? bits / 3 * 2 : bits;
        }
    }

    private bool IsYbr422 => PhotometricInterpretation == "YBR_FULL_422" && !_rle && SamplesPerPixel == 3;

    /// <summary>
    /// Bytes of the value as in the file, then in little-endian order per pixel. The reader has
    /// already swapped a big-endian value per unit of its VR (2 bytes for OW); for pixels wider than
    /// 8 bits that is undone and the pixel's own size used instead, as pydicom and DCMTK read such files.
    /// </summary>
    private byte[] ReadLittleEndian(long start, int length)
    {
        // 8-bit pixels in a big-endian OW value are 16-bit words like any other OW (pydicom 2.4 and DCMTK
        // agree): the reader's swap is already right for them.
        var unit = _bigEndian && BitsAllocated > 8 ? Math.Max(1, _native!.VR.UnitSize) : 1;
        var alignedStart = start - (start % unit);
        var alignedEnd = Math.Min(_native!.Length, (start + length + unit - 1) / unit * unit);
        var raw = new byte[alignedEnd - alignedStart];
        _native.CopyBytes(alignedStart, raw);
        if (!_bigEndian || BitsAllocated <= 8)
        {
            return alignedStart == start && raw.Length == length ? raw : raw.AsSpan((int)(start - alignedStart), length).ToArray();
        }

        if (unit > 1)
        {
            SwappedByteBuffer.Swap(raw, unit);
        }

        var bytes = raw.AsSpan((int)(start - alignedStart), length).ToArray();
        if (BitsAllocated > 8)
        {
            SwappedByteBuffer.Swap(bytes, BitsAllocated / 8);
        }

        return bytes;
    }

    private void Validate()
    {
        if (Rows <= 0 || Columns <= 0 || SamplesPerPixel is not (1 or 3 or 4))
        {
            throw new DicomPixelDataException($"an image of {Rows} x {Columns} pixels with {SamplesPerPixel} samples per pixel cannot be read");
        }

        var integer = BitsAllocated is 1 or 8 or 16 or 32;
        var floating = IsFloat && BitsAllocated is 32 or 64;
        if (!(integer || floating) || BitsStored < 1 || BitsStored > BitsAllocated || HighBit < BitsStored - 1 || HighBit >= BitsAllocated)
        {
            throw new DicomPixelDataException($"Bits Allocated {BitsAllocated}, Bits Stored {BitsStored}, High Bit {HighBit} do not describe readable pixels");
        }

        if ((long)Rows * Columns * SamplesPerPixel > Array.MaxLength / 8)
        {
            throw new DicomPixelDataException($"a frame of {Rows} x {Columns} x {SamplesPerPixel} values is too large");
        }
    }

    private static int Required(DicomDataset dataset, DicomTag tag) =>
        dataset.TryGetSingleValue<int>(tag, out var value) ? value : throw new DicomPixelDataException($"the dataset has no {tag.DictionaryEntry.Name} {tag}, which the pixel data needs");

    private static ulong[] OffsetTable(DicomDataset dataset, DicomFragmentSequence fragments)
    {
        if (dataset.TryGetValues<ulong>(DicomTag.ExtendedOffsetTable, out var extended) && extended.Length > 0)
        {
            return extended;
        }

        return fragments.BasicOffsetTable.Select(o => (ulong)o).ToArray();
    }
}
