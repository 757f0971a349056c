namespace RadCnn.Dicom.Iods;

/// <summary>
/// Builds an RGB Secondary Capture of a heat map (e.g. Grad-CAM) blended over its source image, with a
/// legend burned in beneath the image saying it is AI output, which plugin made it, and the colour
/// scale. Burned In Annotation is YES and the source is referenced, so PACS and viewers show it as a
/// derived picture of that image, never as a diagnostic one.
/// </summary>
public sealed class HeatmapOverlayBuilder
{
    /// <summary>Narrower sources are scaled up (by an integer factor) so the legend stays readable.</summary>
    private const int MinimumWidth = 384;

    private readonly DicomDataset _source;
    private readonly float[] _sourcePixels;
    private readonly AlgorithmIdentity _algorithm;
    private readonly TimeProvider _time;
    private readonly int _rows;
    private readonly int _columns;

    /// <param name="source">The source image's dataset (identification, geometry, window).</param>
    /// <param name="sourcePixels">Its pixels in modality units (after rescale), row by row.</param>
    /// <param name="algorithm">The plugin that made the heat map.</param>
    /// <param name="time">Clock for content dates; the system clock where null.</param>
    public HeatmapOverlayBuilder(DicomDataset source, float[] sourcePixels, AlgorithmIdentity algorithm, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sourcePixels);
        ArgumentNullException.ThrowIfNull(algorithm);
        ResultModules.CheckSources([source], nameof(source));
        var geometry = SourceGeometry.Of([source]);
        if (sourcePixels.Length != geometry.PixelsPerSlice)
        {
            throw new ArgumentException($"the source is {geometry.Rows}x{geometry.Columns} but {sourcePixels.Length} pixels were given", nameof(sourcePixels));
        }

        _source = source;
        _sourcePixels = sourcePixels;
        _algorithm = algorithm;
        _time = time ?? TimeProvider.System;
        _rows = geometry.Rows;
        _columns = geometry.Columns;
    }

    /// <summary>A builder over a source file, its pixels decoded with RadCnn's pixel-data reader.</summary>
    /// <param name="source">The source image file (greyscale, native or RLE).</param>
    /// <param name="algorithm">The plugin that made the heat map.</param>
    /// <param name="time">Clock for content dates; the system clock where null.</param>
    public HeatmapOverlayBuilder(DicomFile source, AlgorithmIdentity algorithm, TimeProvider? time = null)
        : this((source ?? throw new ArgumentNullException(nameof(source))).Dataset, SourcePixels.Modality(source), algorithm, time)
    {
    }

    /// <summary>Heat map opacity at full heat.</summary>
    public float Opacity { get; init; } = 0.6f;

    /// <summary>Heat below this is not drawn, so the image stays readable where the model did not look.</summary>
    public float Floor { get; init; } = 0.2f;

    /// <summary>A line about the result, e.g. "TUBERCULOSIS P=0.91"; none where null.</summary>
    public string? Caption { get; init; }

    /// <summary>Display window; the source's Window Center/Width, else the pixel range, where null.</summary>
    public (double Center, double Width)? Window { get; init; }

    public int SeriesNumber { get; init; } = 9300;

    public string SeriesDescription { get; init; } = "AI heat map (not for diagnosis)";

    /// <summary>Renders the overlay and returns it as a Secondary Capture file.</summary>
    /// <param name="heatmap">Heat values 0-1, row by row; any size, resampled to the source's.</param>
    /// <param name="heatmapRows">Rows of the heat map.</param>
    /// <param name="heatmapColumns">Columns of the heat map.</param>
    public DicomFile Build(float[] heatmap, int heatmapRows, int heatmapColumns)
    {
        var canvas = Render(heatmap, heatmapRows, heatmapColumns);
        var now = _time.GetLocalNow();
        var dataset = ResultModules.StartFrom(_source);
        ResultModules.AddSeries(dataset, "OT", DicomUid.Generate(), SeriesNumber, SeriesDescription, now);
        ResultModules.CopyBodyPartAndLaterality(_source, dataset);
        ResultModules.AddEquipment(dataset, _algorithm);
        ResultModules.AddInstance(dataset, DicomUid.SecondaryCaptureImageStorage, DicomUid.Generate(), 1, now);

        // SC Equipment and SC Image: made on a workstation, now.
        dataset.AddOrUpdate(DicomTag.ConversionType, "WSD");
        dataset.AddOrUpdate(DicomTag.DateOfSecondaryCapture, ResultModules.Date(now));
        dataset.AddOrUpdate(DicomTag.TimeOfSecondaryCapture, ResultModules.Time(now));

        // General Image: derived from the source, annotated, orientation kept for viewers' labels.
        dataset.AddOrUpdate(DicomTag.ImageType, "DERIVED", "SECONDARY");
        dataset.AddOrUpdate(DicomTag.PatientOrientation, PatientOrientation.FromSource(_source));
        dataset.AddOrUpdate(DicomTag.DerivationDescription, ResultModules.Truncate($"Heat map of {_algorithm.Name} blended over the source image; AI output, not for diagnosis", 1024));
        dataset.AddOrUpdate(DicomTag.SourceImageSequence, ResultModules.SourceImageReference(_source));
        dataset.AddOrUpdate(DicomTag.BurnedInAnnotation, "YES");
        dataset.AddOrUpdate(DicomTag.LossyImageCompression, "00");

        dataset.AddOrUpdate(DicomTag.SamplesPerPixel, 3);
        dataset.AddOrUpdate(DicomTag.PhotometricInterpretation, "RGB");
        dataset.AddOrUpdate(DicomTag.PlanarConfiguration, 0);
        dataset.AddOrUpdate(DicomTag.Rows, canvas.Height);
        dataset.AddOrUpdate(DicomTag.Columns, canvas.Width);
        dataset.AddOrUpdate(DicomTag.BitsAllocated, 8);
        dataset.AddOrUpdate(DicomTag.BitsStored, 8);
        dataset.AddOrUpdate(DicomTag.HighBit, 7);
        dataset.AddOrUpdate(DicomTag.PixelRepresentation, 0);
        dataset.AddOrUpdate(DicomElement.FromBytes(DicomTag.PixelData, DicomVR.OB, Even(canvas.Pixels)));
        return ResultModules.ToFile(dataset);
    }

    /// <summary>The rendered picture (image, heat map and legend) as a PNG, for the outbox.</summary>
    public byte[] RenderPng(float[] heatmap, int heatmapRows, int heatmapColumns) =>
        PngEncoder.Encode(Render(heatmap, heatmapRows, heatmapColumns));

    internal RgbCanvas Render(float[] heatmap, int heatmapRows, int heatmapColumns)
    {
        ArgumentNullException.ThrowIfNull(heatmap);
        if (heatmapRows <= 0 || heatmapColumns <= 0 || heatmap.Length != heatmapRows * heatmapColumns)
        {
            throw new ArgumentException($"the heat map has {heatmap.Length} values, not {heatmapRows}x{heatmapColumns}", nameof(heatmap));
        }

        var scale = Math.Max(1, (MinimumWidth + _columns - 1) / _columns);
        var window = ImageRendering.ResolveWindow(_source, _sourcePixels, Window);
        var image = ImageRendering.Gray(_sourcePixels, _columns, _rows, scale, window, ImageRendering.IsInverted(_source));
        ImageRendering.BlendHeat(image, heatmap, heatmapColumns, heatmapRows, image.Width, image.Height, Opacity, Floor);

        var lines = new List<string> { ImageRendering.Disclaimer, $"{_algorithm.PluginId} {_algorithm.Version}".ToUpperInvariant() };
        if (!string.IsNullOrWhiteSpace(Caption))
        {
            lines.Add(Caption.ToUpperInvariant());
        }

        var textScale = ImageRendering.TextScale(image.Width, lines);
        var legendHeight = ImageRendering.LegendHeight(lines.Count, textScale, colorBar: true);
        var canvas = new RgbCanvas(image.Width, image.Height + legendHeight);
        canvas.Draw(image, 0, 0);
        ImageRendering.DrawLegend(canvas, image.Height, lines, textScale, colorBar: true);
        return canvas;
    }

    private static byte[] Even(byte[] bytes) => bytes.Length % 2 == 0 ? bytes : [.. bytes, 0];
}
