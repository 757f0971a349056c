namespace RadCnn.Training.Data;

/// <summary>
/// The one way a 2D image becomes network input, shared by training (labelled DICOM folders, phantoms)
/// and by plugins at inference, so that a model never sees images prepared one way in training and
/// another in use: resized to fit the input with its aspect ratio kept (bilinear), centred, padded with
/// the image's lowest value, then normalised as the <see cref="InputSpec"/> says. Masks follow the same
/// placement (nearest neighbour, padded with background). Photometric handling (MONOCHROME1 negated)
/// happens before, where the pixels are read.
/// </summary>
public static class ImagePreparation
{
    /// <summary>Prepares modality values of a rows x columns image for <paramref name="input"/>.</summary>
    public static PreparedImage Fit(ReadOnlySpan<float> values, int rows, int columns, InputSpec input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (top, left, height, width) = Placement(values.Length, rows, columns, input);
        var resized = ImageResampler.Bilinear(values[..(rows * columns)], rows, columns, height, width);
        var pixels = Place(resized, height, width, top, left, input, Min(resized));
        input.Normalize(pixels);
        return new PreparedImage(pixels, input.Height, input.Width, top, left, height, width);
    }

    /// <summary>Places a label mask of the same image exactly where <see cref="Fit"/> places the image.</summary>
    public static float[] FitMask(ReadOnlySpan<float> mask, int rows, int columns, InputSpec input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (top, left, height, width) = Placement(mask.Length, rows, columns, input);
        var resized = ImageResampler.Nearest(mask[..(rows * columns)], rows, columns, height, width);
        return Place(resized, height, width, top, left, input, 0f);
    }

    private static (int Top, int Left, int Height, int Width) Placement(int length, int rows, int columns, InputSpec input)
    {
        if (rows < 1 || columns < 1)
        {
            throw new ArgumentException($"an image of {rows}x{columns} pixels has nothing to prepare");
        }

        if (length < rows * columns)
        {
            throw new ArgumentException($"{length} pixel values for a {rows}x{columns} image");
        }

        var scale = Math.Min((double)input.Height / rows, (double)input.Width / columns);
        var height = Math.Clamp((int)Math.Round(rows * scale), 1, input.Height);
        var width = Math.Clamp((int)Math.Round(columns * scale), 1, input.Width);
        return ((input.Height - height) / 2, (input.Width - width) / 2, height, width);
    }

    private static float[] Place(float[] resized, int height, int width, int top, int left, InputSpec input, float fill)
    {
        var pixels = new float[input.Height * input.Width];
        if (height != input.Height || width != input.Width)
        {
            Array.Fill(pixels, fill);
        }

        for (var r = 0; r < height; r++)
        {
            resized.AsSpan(r * width, width).CopyTo(pixels.AsSpan(((top + r) * input.Width) + left));
        }

        return pixels;
    }

    private static float Min(float[] values)
    {
        var min = float.MaxValue;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
        }

        return min;
    }
}
