namespace RadCnn.Training.Data;

/// <summary>
/// The input a model expects: one sample's shape and how pixels are normalised. Recorded in model.json
/// so that inference prepares images exactly as training did.
/// </summary>
public sealed record InputSpec(int Channels, int Height, int Width, NormalizationKind Normalization, double WindowCenter = 0, double WindowWidth = 0)
{
    /// <summary>Largest side accepted from a model.json (a larger one is a typing error, not a model).</summary>
    public const int MaximumSide = 4096;

    public long[] Shape => [Channels, Height, Width];

    /// <summary>Throws <see cref="ArgumentException"/> when the spec cannot describe a network input.</summary>
    public void Validate()
    {
        if (Channels is < 1 or > 16)
        {
            throw new ArgumentException($"channels {Channels} is not between 1 and 16");
        }

        if (Height is < 1 or > MaximumSide || Width is < 1 or > MaximumSide)
        {
            throw new ArgumentException($"size {Height}x{Width} is not between 1 and {MaximumSide} on each side");
        }

        if (!Enum.IsDefined(Normalization))
        {
            throw new ArgumentException($"normalization {(int)Normalization} is not one RadCnn knows");
        }

        if (Normalization == NormalizationKind.Window && !(WindowWidth > 0))
        {
            throw new ArgumentException($"a window normalisation needs a positive window width, not {WindowWidth}");
        }
    }

    /// <summary>Normalises raw values in place.</summary>
    public void Normalize(Span<float> values)
    {
        switch (Normalization)
        {
            case NormalizationKind.Window:
                var low = WindowCenter - (WindowWidth / 2);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)Math.Clamp((values[i] - low) / WindowWidth, 0, 1);
                }

                break;
            case NormalizationKind.PerImageMinMax:
                float min = float.MaxValue, max = float.MinValue;
                foreach (var v in values)
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }

                var span = max > min ? max - min : 1;
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (values[i] - min) / span;
                }

                break;
            default:
                double sum = 0, sumSquares = 0;
                foreach (var v in values)
                {
                    sum += v;
                    sumSquares += (double)v * v;
                }

                var mean = sum / values.Length;
                var sd = Math.Sqrt(Math.Max(0, (sumSquares / values.Length) - (mean * mean)));
                var scale = sd > 1e-6 ? 1 / sd : 1;
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)((values[i] - mean) * scale);
                }

                break;
        }
    }
}
