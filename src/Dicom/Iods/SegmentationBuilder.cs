namespace RadCnn.Dicom.Iods;

/// <summary>
/// Builds a DICOM Segmentation (PS3.3 A.51) over a source series: one segment per label, frames only
/// where a segment has pixels, each frame referencing its source instance, geometry copied from the
/// source, dimensions (segment, position) for viewers to stack by.
/// </summary>
/// <remarks>
/// Masks are laid out [slice][row][column] in the order of the sources given: float arrays of probabilities
/// (0-1), which binary segmentations threshold and fractional ones store as 0-255, or bool arrays of members
/// (a decided mask, stored as is: 0 or 255 in a fractional one), which cost a quarter of the memory.
/// </remarks>
public sealed class SegmentationBuilder
{
    private readonly IReadOnlyList<DicomDataset> _sources;
    private readonly AlgorithmIdentity _algorithm;
    private readonly TimeProvider _time;
    private readonly SourceGeometry _geometry;
    private readonly List<(SegmentDefinition Definition, float[]? Values, bool[]? Members)> _segments = [];

    public SegmentationBuilder(IReadOnlyList<DicomDataset> sources, AlgorithmIdentity algorithm, TimeProvider? time = null)
    {
        ResultModules.CheckSources(sources, nameof(sources));
        ArgumentNullException.ThrowIfNull(algorithm);
        _sources = sources;
        _algorithm = algorithm;
        _time = time ?? TimeProvider.System;
        _geometry = SourceGeometry.Of(sources);
    }

    public SegmentationKind Kind { get; init; } = SegmentationKind.Binary;

    /// <summary>Binary only: a pixel belongs to the segment where its value is at least this.</summary>
    public float Threshold { get; init; } = 0.5f;

    public int SeriesNumber { get; init; } = 9100;

    public string SeriesDescription { get; init; } = "AI segmentation";

    /// <summary>Adds a segment; <paramref name="mask"/> holds one value per source pixel.</summary>
    public SegmentationBuilder AddSegment(SegmentDefinition segment, float[] mask)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(mask);
        Check(mask.Length);
        _segments.Add((segment, mask, null));
        return this;
    }

    /// <summary>Adds a decided segment; <paramref name="mask"/> says for each source pixel whether it belongs to it.</summary>
    public SegmentationBuilder AddSegment(SegmentDefinition segment, bool[] mask)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(mask);
        Check(mask.Length);
        _segments.Add((segment, null, mask));
        return this;
    }

    private void Check(int length)
    {
        if (length != _sources.Count * _geometry.PixelsPerSlice)
        {
            throw new ArgumentException($"the mask has {length} values; {_sources.Count} slices of {_geometry.Rows}x{_geometry.Columns} need {_sources.Count * _geometry.PixelsPerSlice}", "mask");
        }

        if (_segments.Count == 65535)
        {
            throw new InvalidOperationException("a segmentation holds at most 65535 segments");
        }
    }

    public DicomFile Build()
    {
        if (_segments.Count == 0)
        {
            throw new InvalidOperationException("add at least one segment");
        }

        var now = _time.GetLocalNow();
        var first = _sources[0];
        var dataset = ResultModules.StartFrom(first);
        ResultModules.AddSeries(dataset, "SEG", DicomUid.Generate(), SeriesNumber, SeriesDescription, now);
        var hasFrameOfReference = ResultModules.CopyFrameOfReference(first, dataset);
        ResultModules.AddEquipment(dataset, _algorithm);
        ResultModules.AddInstance(dataset, DicomUid.SegmentationStorage, DicomUid.Generate(), 1, now);

        dataset.AddOrUpdate(DicomTag.ImageType, "DERIVED", "PRIMARY");
        dataset.AddOrUpdate(DicomTag.ContentLabel, "RADCNN_SEG");
        dataset.AddOrUpdate(DicomTag.ContentDescription, ResultModules.Truncate($"{_algorithm.Name} segmentation (AI output, not for diagnosis)", 64));
        dataset.AddOrUpdate(DicomTag.ContentCreatorName, string.Empty);
        dataset.AddOrUpdate(DicomTag.LossyImageCompression, "00");

        var fractional = Kind == SegmentationKind.Fractional;
        dataset.AddOrUpdate(DicomTag.SegmentationType, fractional ? "FRACTIONAL" : "BINARY");
        if (fractional)
        {
            dataset.AddOrUpdate(DicomTag.SegmentationFractionalType, "PROBABILITY");
            dataset.AddOrUpdate(DicomTag.MaximumFractionalValue, 255);
        }

        dataset.AddOrUpdate(DicomTag.SegmentSequence, _segments.Select((s, i) => SegmentItem(s.Definition, i + 1)).ToArray());

        var frames = SelectFrames();
        dataset.AddOrUpdate(DicomTag.SamplesPerPixel, 1);
        dataset.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        dataset.AddOrUpdate(DicomTag.Rows, _geometry.Rows);
        dataset.AddOrUpdate(DicomTag.Columns, _geometry.Columns);
        dataset.AddOrUpdate(DicomTag.BitsAllocated, fractional ? 8 : 1);
        dataset.AddOrUpdate(DicomTag.BitsStored, fractional ? 8 : 1);
        dataset.AddOrUpdate(DicomTag.HighBit, fractional ? 7 : 0);
        dataset.AddOrUpdate(DicomTag.PixelRepresentation, 0);
        dataset.AddOrUpdate(DicomTag.NumberOfFrames, frames.Count);

        if (!UsePlanePosition(hasFrameOfReference))
        {
            // Without patient geometry, General Image needs Patient Orientation (type 2C) instead.
            dataset.AddOrUpdate(DicomTag.PatientOrientation, PatientOrientation.FromSource(first));
        }

        AddDimensions(dataset, hasFrameOfReference);
        dataset.AddOrUpdate(DicomTag.SharedFunctionalGroupsSequence, SharedGroups(hasFrameOfReference));
        dataset.AddOrUpdate(DicomTag.PerFrameFunctionalGroupsSequence, frames.Select(f => FrameGroups(f.Segment, f.Slice, hasFrameOfReference)).ToArray());
        dataset.AddOrUpdate(DicomTag.ReferencedSeriesSequence, ResultModules.ReferencedSeries(_sources, DicomTag.ReferencedInstanceSequence));
        dataset.AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OB, fractional ? PackFractional(frames) : PackBinary(frames)));
        return ResultModules.ToFile(dataset);
    }

    /// <summary>(segment index, slice index) of every frame to store: slices where the segment has pixels, sorted by segment then position.</summary>
    private List<(int Segment, int Slice)> SelectFrames()
    {
        var frames = new List<(int Segment, int Slice)>();
        var n = _geometry.PixelsPerSlice;
        for (var s = 0; s < _segments.Count; s++)
        {
            var (_, values, members) = _segments[s];
            foreach (var slice in Enumerable.Range(0, _sources.Count).OrderBy(i => _geometry.StackRank[i]))
            {
                if (members is not null ? members.AsSpan(slice * n, n).Contains(true) : HasPixels(values.AsSpan(slice * n, n)))
                {
                    frames.Add((s, slice));
                }
            }
        }

        // A segmentation needs at least one frame: an all-empty result keeps one empty frame.
        if (frames.Count == 0)
        {
            frames.Add((0, 0));
        }

        return frames;
    }

    private bool HasPixels(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (Kind == SegmentationKind.Binary ? v >= Threshold : ToFraction(v) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static byte ToFraction(float value) => (byte)Math.Clamp(MathF.Round(value * 255f), 0f, 255f);

    private byte[] PackBinary(List<(int Segment, int Slice)> frames)
    {
        var n = _geometry.PixelsPerSlice;
        // Frames follow each other bit by bit, least significant bit first (PS3.5 8.1.1); even length overall.
        var totalBits = (long)frames.Count * n;
        var bytes = new byte[(totalBits + 15) / 16 * 2];
        long bit = 0;
        foreach (var (segment, slice) in frames)
        {
            var (_, values, members) = _segments[segment];
            for (var i = slice * n; i < (slice + 1) * n; i++)
            {
                if (members is not null ? members[i] : values![i] >= Threshold)
                {
                    bytes[bit >> 3] |= (byte)(1 << (int)(bit & 7));
                }

                bit++;
            }
        }

        return bytes;
    }

    private byte[] PackFractional(List<(int Segment, int Slice)> frames)
    {
        var n = _geometry.PixelsPerSlice;
        var total = (long)frames.Count * n;
        var bytes = new byte[(total + 1) / 2 * 2];
        var offset = 0;
        foreach (var (segment, slice) in frames)
        {
            var (_, values, members) = _segments[segment];
            for (var i = 0; i < n; i++)
            {
                bytes[offset + i] = members is not null ? (members[(slice * n) + i] ? (byte)255 : (byte)0) : ToFraction(values![(slice * n) + i]);
            }

            offset += n;
        }

        return bytes;
    }

    private DicomDataset SegmentItem(SegmentDefinition definition, int number)
    {
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTag.SegmentNumber, number);
        item.AddOrUpdate(DicomTag.SegmentLabel, ResultModules.Truncate(definition.Label, 64));
        if (!string.IsNullOrEmpty(definition.Description))
        {
            item.AddOrUpdate(DicomTag.SegmentDescription, ResultModules.Truncate(definition.Description, 1024));
        }

        item.AddOrUpdate(DicomTag.SegmentAlgorithmType, "AUTOMATIC");
        item.AddOrUpdate(DicomTag.SegmentAlgorithmName, ResultModules.Truncate(_algorithm.Name, 64));
        item.AddOrUpdate(DicomTag.SegmentationAlgorithmIdentificationSequence, AlgorithmItem());
        item.AddOrUpdate(DicomTag.SegmentedPropertyCategoryCodeSequence, definition.Category.ToItem());
        item.AddOrUpdate(DicomTag.SegmentedPropertyTypeCodeSequence, definition.Type.ToItem());
        var color = definition.Color ?? SegmentColors.Palette((number - 1) % SegmentColors.PaletteSize);
        item.AddOrUpdate(DicomTag.RecommendedDisplayCIELabValue, SegmentColors.ToDicomLab(color.R, color.G, color.B));
        return item;
    }

    /// <summary>Algorithm Identification macro (PS3.3 10.16): the plugin id as name, its version.</summary>
    private DicomDataset AlgorithmItem()
    {
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTag.AlgorithmFamilyCodeSequence, ResultCodes.ArtificialIntelligence.ToItem());
        item.AddOrUpdate(DicomTag.AlgorithmName, ResultModules.Truncate(_algorithm.PluginId, 64));
        item.AddOrUpdate(DicomTag.AlgorithmVersion, ResultModules.Truncate(_algorithm.Version, 64));
        item.AddOrUpdate(DicomTag.AlgorithmSource, ResultModules.Truncate($"RadCnn {_algorithm.HostVersion}", 64));
        return item;
    }

    private void AddDimensions(DicomDataset dataset, bool hasFrameOfReference)
    {
        var organization = DicomUid.Generate().Value;
        var organizationItem = new DicomDataset();
        organizationItem.AddOrUpdate(DicomTag.DimensionOrganizationUID, organization);
        dataset.AddOrUpdate(DicomTag.DimensionOrganizationSequence, organizationItem);

        var segment = new DicomDataset();
        segment.AddOrUpdate(DicomTag.DimensionOrganizationUID, organization);
        segment.AddOrUpdate(DicomTag.DimensionIndexPointer, DicomTag.ReferencedSegmentNumber);
        segment.AddOrUpdate(DicomTag.FunctionalGroupPointer, DicomTag.SegmentIdentificationSequence);
        segment.AddOrUpdate(DicomTag.DimensionDescriptionLabel, "Segment Number");

        var position = new DicomDataset();
        position.AddOrUpdate(DicomTag.DimensionOrganizationUID, organization);
        if (UsePlanePosition(hasFrameOfReference))
        {
            position.AddOrUpdate(DicomTag.DimensionIndexPointer, DicomTag.ImagePositionPatient);
            position.AddOrUpdate(DicomTag.FunctionalGroupPointer, DicomTag.PlanePositionSequence);
            position.AddOrUpdate(DicomTag.DimensionDescriptionLabel, "Image Position (Patient)");
        }
        else
        {
            position.AddOrUpdate(DicomTag.DimensionIndexPointer, DicomTag.InStackPositionNumber);
            position.AddOrUpdate(DicomTag.FunctionalGroupPointer, DicomTag.FrameContentSequence);
            position.AddOrUpdate(DicomTag.DimensionDescriptionLabel, "In-Stack Position Number");
        }

        dataset.AddOrUpdate(DicomTag.DimensionIndexSequence, segment, position);
    }

    private bool UsePlanePosition(bool hasFrameOfReference) => hasFrameOfReference && _geometry.HasPatientGeometry;

    private DicomDataset SharedGroups(bool hasFrameOfReference)
    {
        var shared = new DicomDataset();
        var measures = new DicomDataset();
        if (_geometry.PixelSpacing is { } spacing)
        {
            measures.AddOrUpdate(DicomTag.PixelSpacing, spacing);
        }

        if (_geometry.SliceThickness is { } thickness)
        {
            measures.AddOrUpdate(DicomTag.SliceThickness, thickness);
        }

        if (measures.Count > 0)
        {
            shared.AddOrUpdate(DicomTag.PixelMeasuresSequence, measures);
        }

        if (UsePlanePosition(hasFrameOfReference))
        {
            var orientation = new DicomDataset();
            orientation.AddOrUpdate(DicomTag.ImageOrientationPatient, _geometry.Orientation!);
            shared.AddOrUpdate(DicomTag.PlaneOrientationSequence, orientation);
        }

        return shared;
    }

    private DicomDataset FrameGroups(int segment, int slice, bool hasFrameOfReference)
    {
        var frame = new DicomDataset();
        var derivation = new DicomDataset();
        derivation.AddOrUpdate(DicomTag.DerivationCodeSequence, ResultCodes.Segmentation.ToItem());
        derivation.AddOrUpdate(DicomTag.SourceImageSequence, ResultModules.SourceImageReference(_sources[slice]));
        frame.AddOrUpdate(DicomTag.DerivationImageSequence, derivation);

        var content = new DicomDataset();
        var rank = (uint)_geometry.StackRank[slice];
        content.AddOrUpdate(DicomTag.DimensionIndexValues, (uint)(segment + 1), rank);
        if (!UsePlanePosition(hasFrameOfReference))
        {
            content.AddOrUpdate(DicomTag.StackID, "1");
            content.AddOrUpdate(DicomTag.InStackPositionNumber, rank);
        }

        frame.AddOrUpdate(DicomTag.FrameContentSequence, content);
        if (UsePlanePosition(hasFrameOfReference))
        {
            var position = new DicomDataset();
            position.AddOrUpdate(DicomTag.ImagePositionPatient, _geometry.Positions![slice]);
            frame.AddOrUpdate(DicomTag.PlanePositionSequence, position);
        }

        var identification = new DicomDataset();
        identification.AddOrUpdate(DicomTag.ReferencedSegmentNumber, segment + 1);
        frame.AddOrUpdate(DicomTag.SegmentIdentificationSequence, identification);
        return frame;
    }
}
