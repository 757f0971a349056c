using System.Globalization;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Imaging;

namespace RadCnn.Training.Inference;

/// <summary>
/// A series read as a volume for a 3D model and its results: the decoded volume (geometry, spacing,
/// patient coordinates) and the source instance of each slice in the volume's order, which a SEG, an
/// SR's evidence and a key image reference. Read it with <see cref="ReadAsync"/>, which refuses what
/// cannot be read with the reason.
/// </summary>
public sealed class SeriesVolume
{
    private SeriesVolume(ImageSeriesWorkItem series, ImageVolume volume, IReadOnlyList<DicomDataset> sources)
    {
        Series = series;
        Volume = volume;
        Sources = sources;
    }

    public ImageSeriesWorkItem Series { get; }

    public ImageVolume Volume { get; }

    /// <summary>The instance slice s came from is <c>Sources[s]</c>.</summary>
    public IReadOnlyList<DicomDataset> Sources { get; }

    /// <summary>
    /// Decodes the series. The refusal (a <see cref="PluginResultStatus.NotApplicable"/> result whose
    /// message starts with "refused:") is set instead of the volume when the pixel data cannot be decoded,
    /// the volume does not have one slice per instance, or its slices cannot be paired with instances.
    /// </summary>
    public static async Task<(SeriesVolume? Volume, PluginResult? Refusal)> ReadAsync(ImageSeriesWorkItem series, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        ImageVolume volume;
        try
        {
            volume = await series.GetVolumeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NotSupportedException or DicomPixelDataException or InvalidDataException or InvalidOperationException or ArgumentException)
        {
            return (null, PluginResult.NotApplicable($"refused: the pixel data cannot be decoded ({e.Message})"));
        }

        if (volume.Slices != series.Instances.Count)
        {
            return (null, PluginResult.NotApplicable(string.Create(CultureInfo.InvariantCulture, $"refused: the volume has {volume.Slices} slices for {series.Instances.Count} instances (inconsistent geometry)")));
        }

        return Ordered(series.Instances, volume) is { } sources
            ? (new SeriesVolume(series, volume, sources), null)
            : (null, PluginResult.NotApplicable("refused: the volume does not say which instance each slice came from, and the instances have no orientation and positions to sort them by"));
    }

    /// <summary>
    /// The volume's own record of its slices' instances; a volume without it (a test's, one built in
    /// memory) is paired by sorting the instances along the slice normal, as the host sorts slices.
    /// </summary>
    private static IReadOnlyList<DicomDataset>? Ordered(IReadOnlyList<DicomDataset> instances, ImageVolume volume)
    {
        if (volume.SliceSources.Count == volume.Slices)
        {
            return [.. volume.SliceSources.Select(s => s.Instance)];
        }

        if (!instances[0].TryGetValues<double>(DicomTag.ImageOrientationPatient, out var o) || o.Length != 6)
        {
            return instances.Count == 1 ? instances : null;
        }

        double[] normal = [(o[1] * o[5]) - (o[2] * o[4]), (o[2] * o[3]) - (o[0] * o[5]), (o[0] * o[4]) - (o[1] * o[3])];
        var positions = new double[instances.Count];
        for (var i = 0; i < instances.Count; i++)
        {
            if (!instances[i].TryGetValues<double>(DicomTag.ImagePositionPatient, out var p) || p.Length != 3)
            {
                return instances.Count == 1 ? instances : null;
            }

            positions[i] = (normal[0] * p[0]) + (normal[1] * p[1]) + (normal[2] * p[2]);
        }

        // A stable sort, as the host's: equal positions keep their arrival order.
        return [.. Enumerable.Range(0, instances.Count).OrderBy(i => positions[i]).Select(i => instances[i])];
    }
}
