namespace RadCnn.Dicom.Iods;

/// <summary>
/// Builds a derived image series for image-to-image plugins (denoising): each output slice is a copy of
/// its source instance (same SOP class, geometry, modality attributes and frame of reference) with new
/// pixels, a new SOP Instance UID in one new series, Image Type DERIVED\SECONDARY, a derivation
/// description and code, and a Source Image Sequence pointing at the slice it came from.
/// </summary>
/// <remarks>Sources must be native 16-bit greyscale; pixels are given in modality units and stored through the source's rescale.</remarks>
public sealed class DerivedSeriesBuilder
{
    private readonly IReadOnlyList<DicomDataset> _sources;
    private readonly AlgorithmIdentity _algorithm;
    private readonly TimeProvider _time;
    private readonly SourceGeometry _geometry;
    private readonly Lazy<(DicomUid Series, DateTimeOffset Created)> _identity;

    public DerivedSeriesBuilder(IReadOnlyList<DicomDataset> sources, AlgorithmIdentity algorithm, TimeProvider? time = null)
    {
        ResultModules.CheckSources(sources, nameof(sources));
        ArgumentNullException.ThrowIfNull(algorithm);
        foreach (var source in sources)
        {
            if (source.GetSingleValueOrDefault(DicomTag.BitsAllocated, 0) != 16 || source.GetSingleValueOrDefault(DicomTag.SamplesPerPixel, 1) != 1)
            {
                throw new ArgumentException("derived series are made of 16-bit greyscale sources only", nameof(sources));
            }
        }

        _sources = sources;
        _algorithm = algorithm;
        _time = time ?? TimeProvider.System;
        _geometry = SourceGeometry.Of(sources);
        _identity = new(() => (DicomUid.Generate(), _time.GetLocalNow()));
    }

    /// <summary>What was done, in words (Derivation Description).</summary>
    public string DerivationDescription { get; init; } = "CNN denoising";

    /// <summary>The derivation's code (CID 7203); smoothing suits denoising.</summary>
    public CodedConcept DerivationCode { get; init; } = ResultCodes.Smoothing;

    public int SeriesNumber { get; init; } = 9400;

    /// <summary>Series Description; "AI &lt;derivation description&gt;" where null.</summary>
    public string? SeriesDescription { get; init; }

    /// <summary>One file per source, in the sources' order, in the builder's one new series.</summary>
    /// <param name="volume">Pixels in modality units (e.g. HU), [slice][row][column] in the sources' order.</param>
    public IReadOnlyList<DicomFile> Build(float[] volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var n = _geometry.PixelsPerSlice;
        if (volume.Length != n * _sources.Count)
        {
            throw new ArgumentException($"{_sources.Count} slices of {_geometry.Rows}x{_geometry.Columns} need {n * _sources.Count} values, not {volume.Length}", nameof(volume));
        }

        var files = new List<DicomFile>(_sources.Count);
        for (var i = 0; i < _sources.Count; i++)
        {
            files.Add(BuildSlice(i, volume.AsSpan(i * n, n)));
        }

        return files;
    }

    /// <summary>
    /// The derived file of one source, so that a plugin can write each slice as it is computed and hold no more than a
    /// slice of pixels in modality units; every slice of one builder belongs to the same new series.
    /// </summary>
    /// <param name="index">The source's index in the sources' order.</param>
    /// <param name="pixels">Its pixels in modality units, [row][column].</param>
    public DicomFile BuildSlice(int index, ReadOnlySpan<float> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _sources.Count);
        if (pixels.Length != _geometry.PixelsPerSlice)
        {
            throw new ArgumentException($"a slice of {_geometry.Rows}x{_geometry.Columns} needs {_geometry.PixelsPerSlice} values, not {pixels.Length}", nameof(pixels));
        }

        var (series, created) = _identity.Value;
        return ToFile(_sources[index], pixels, series, created);
    }

    private DicomFile ToFile(DicomDataset source, ReadOnlySpan<float> pixels, DicomUid series, DateTimeOffset now)
    {
        var dataset = source.Clone();
        // Private elements, overlays, icons and pixel statistics describe the old pixels or another vendor.
        dataset.RemoveAll(item => item.Tag.IsPrivate
            || item.Tag.Group is >= 0x6000 and <= 0x60FF
            || item.Tag.Group == 0x0002
            || item.Tag == DicomTag.IconImageSequence
            || item.Tag == DicomTag.SmallestImagePixelValue
            || item.Tag == DicomTag.LargestImagePixelValue
            || item.Tag == DicomTag.PixelData
            || item.Tag == DicomTag.ReferencedImageSequence
            || item.Tag == DicomTag.SourceImageSequence
            || item.Tag == DicomTag.DerivationCodeSequence);

        var instanceNumber = source.GetSingleValueOrDefault(DicomTag.InstanceNumber, 1);
        ResultModules.AddSeries(dataset, source.GetStringOrDefault(DicomTag.Modality, "OT"), series, SeriesNumber, SeriesDescription ?? "AI " + DerivationDescription, now);
        ResultModules.AddEquipment(dataset, _algorithm);
        ResultModules.AddInstance(dataset, DicomUid.Parse(source.GetString(DicomTag.SOPClassUID)), DicomUid.Generate(), instanceNumber, now);

        var imageType = source.TryGetValues<string>(DicomTag.ImageType, out var type) ? type : [];
        dataset.AddOrUpdate(DicomTag.ImageType, ["DERIVED", "SECONDARY", .. imageType.Skip(2)]);
        dataset.AddOrUpdate(DicomTag.DerivationDescription, ResultModules.Truncate($"{DerivationDescription} by {_algorithm.Name} (AI output, not for diagnosis)", 1024));
        dataset.AddOrUpdate(DicomTag.DerivationCodeSequence, DerivationCode.ToItem());
        dataset.AddOrUpdate(DicomTag.SourceImageSequence, ResultModules.SourceImageReference(source));
        dataset.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, Store(source, pixels));
        return ResultModules.ToFile(dataset);
    }

    /// <summary>Modality values back to stored values through the source's rescale, clamped to its bit depth.</summary>
    private static byte[] Store(DicomDataset source, ReadOnlySpan<float> pixels)
    {
        var slope = source.GetSingleValueOrDefault(DicomTag.RescaleSlope, 1.0);
        var intercept = source.GetSingleValueOrDefault(DicomTag.RescaleIntercept, 0.0);
        if (slope == 0)
        {
            slope = 1;
        }

        var bitsStored = source.GetSingleValueOrDefault(DicomTag.BitsStored, 16);
        var signed = source.GetSingleValueOrDefault(DicomTag.PixelRepresentation, 0) == 1;
        double min = signed ? -(1 << (bitsStored - 1)) : 0;
        double max = signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
        var bytes = new byte[pixels.Length * 2];
        for (var i = 0; i < pixels.Length; i++)
        {
            var value = float.IsFinite(pixels[i]) ? Math.Clamp(Math.Round((pixels[i] - intercept) / slope), min, max) : min;
            var stored = signed ? (ushort)(short)value : (ushort)value;
            bytes[2 * i] = (byte)stored;
            bytes[2 * i + 1] = (byte)(stored >> 8);
        }

        return bytes;
    }
}
