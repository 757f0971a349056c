using RadCnn.Training.Phantoms;

namespace RadCnn.Training.Data;

/// <summary>Turns generated phantoms into training samples exactly as their DICOM files would be read.</summary>
public static class PhantomSamples
{
    /// <summary>
    /// Generates <paramref name="count"/> cases of <paramref name="generator"/> in memory (no files) and
    /// prepares them for <paramref name="input"/>; the lesion mask becomes the target when asked.
    /// </summary>
    public static IReadOnlyList<TrainingSample> Generate(IPhantomGenerator generator, int count, int seed, InputSpec input, bool maskAsTarget = false)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Enumerable.Range(0, count)
            .AsParallel().AsOrdered()
            .Select(i => FromCase(generator.Generate(seed, i), input, maskAsTarget))
            .ToArray();
    }

    public static TrainingSample FromCase(PhantomCase phantom, InputSpec input, bool maskAsTarget = false)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        ArgumentNullException.ThrowIfNull(input);
        var raw = Array.ConvertAll(phantom.Pixels, v => (float)v);
        var pixels = ImagePreparation.Fit(raw, phantom.Height, phantom.Width, input).Pixels;
        float[]? target = null;
        if (maskAsTarget)
        {
            target = ImagePreparation.FitMask(Array.ConvertAll(phantom.LesionMask, v => (float)v), phantom.Height, phantom.Width, input);
        }

        return new TrainingSample
        {
            Id = phantom.Id,
            PatientKey = phantom.PatientKey,
            Pixels = pixels,
            Channels = 1,
            Height = input.Height,
            Width = input.Width,
            Label = phantom.Label,
            Target = target,
        };
    }
}
