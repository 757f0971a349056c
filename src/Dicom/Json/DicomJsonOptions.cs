namespace RadCnn.Dicom.Json;

/// <summary>What <see cref="DicomJsonWriter"/> includes and how it lays the text out.</summary>
public sealed record DicomJsonOptions
{
    public static DicomJsonOptions Default { get; } = new();

    /// <summary>Include Pixel Data (and Float/Double Float Pixel Data) as InlineBinary; left out by default, as it is bulk data.</summary>
    public bool IncludePixelData { get; init; }

    /// <summary>Indent the output (one element per line); compact otherwise.</summary>
    public bool Indented { get; init; } = true;
}
