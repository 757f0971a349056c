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

        var side = input.Height;
        var scale = (double)side / Math.Max(rows, columns);
        var height = Math.Clamp((int)Math.Round(rows * scale), 1, side);
        var width = Math.Clamp((int)Math.Round(columns * scale), 1, side);
        var resized = ImageResampler.Bilinear(values, rows, columns, height, width);
        var top = (side - height) / 2;
        var left = (side - width) / 2;
        var pixels = new float[side * side];
        Array.Fill(pixels, resized.Min());
        for (var r = 0; r < height; r++)
        {
            resized.AsSpan(r * width, width).CopyTo(pixels.AsSpan(((top + r) * side) + left));
        }

        input.Normalize(pixels);
        return new PreparedRadiograph(pixels, side, top, left, height, width);
    }
}
