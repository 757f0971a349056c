namespace RadCnn.Training.Phantoms;

/// <summary>
/// One generated image with its ground truth: stored pixel values as a detector would write them
/// (unsigned, <see cref="BitsStored"/> bits, MONOCHROME2), the class label, a lesion mask for
/// segmentation and for the pointing game, and the lesions themselves.
/// </summary>
public sealed class PhantomCase
{
    /// <summary>Stable id from the generator, the seed and the index, for example "cxr-s7-000012".</summary>
    public required string Id { get; init; }

    /// <summary>The synthetic patient; several images may share one.</summary>
    public required string PatientKey { get; init; }

    public required int Height { get; init; }

    public required int Width { get; init; }

    /// <summary>Row-major stored values, height × width.</summary>
    public required ushort[] Pixels { get; init; }

    public required int BitsStored { get; init; }

    /// <summary>Physical size of a pixel (row spacing = column spacing) at the detector, in mm.</summary>
    public required double PixelSpacingMm { get; init; }

    /// <summary>A display window (centre, width) in stored values that shows the anatomy.</summary>
    public required (double Center, double Width) Window { get; init; }

    public required int Label { get; init; }

    public required string LabelName { get; init; }

    /// <summary>1 inside any lesion, 0 elsewhere, height × width.</summary>
    public required byte[] LesionMask { get; init; }

    public required IReadOnlyList<PhantomLesion> Lesions { get; init; }

    /// <summary>The drawn acquisition and anatomy parameters (patient size, exposure), for the labels file.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }
}
