using RadCnn.Training.Data;

namespace RadCnn.Plugins.Detection.Preprocessing;

/// <summary>
/// Turns a radiograph's modality values (Rescale Slope/Intercept already applied) into network input
/// exactly as the phantoms were prepared for training: MONOCHROME1 negated so that brighter always
/// means more attenuation, resized to fit the input square with the aspect ratio kept (bilinear),
/// padded with the image's lowest value, then normalised as the model card's InputSpec says.
/// </summary>
/// <remarks>
/// The display window is deliberately not applied: per-image z-score normalisation does not depend on
/// exposure, and clipping to a window would discard the lung detail the window was not set for.
/// </remarks>
internal static class RadiographPreprocessor
{
    /// <summary>Smallest side accepted; smaller images cannot be a diagnostic radiograph.</summary>
    public const int MinimumSide = 32;

    public static PreparedRadiograph Prepare(ReadOnlySpan<float> modality, int rows, int columns, bool monochrome1, InputSpec input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (rows < MinimumSide || columns < MinimumSide)
        {
            throw new ArgumentException($"the image is {rows}x{columns} pixels; at least {MinimumSide}x{MinimumSide} is needed");
        }

        if (modality.Length < rows * columns)
        {
            throw new ArgumentException($"{modality.Length} pixel values for a {rows}x{columns} image");
        }

        var values = modality[..(rows * columns)].ToArray();
        if (monochrome1)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = -values[i];
            }
        }

        // The toolkit's preparation, the same one training used on DICOM folders and phantoms.
        var prepared = ImagePreparation.Fit(values, rows, columns, input);
        return new PreparedRadiograph(prepared.Pixels, prepared.InputHeight, prepared.Top, prepared.Left, prepared.Height, prepared.Width);
    }
}
