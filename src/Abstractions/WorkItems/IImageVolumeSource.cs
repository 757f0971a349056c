namespace RadCnn.Abstractions.WorkItems;

/// <summary>
/// Turns a series' pixel data into an <see cref="ImageVolume"/>. The host supplies one with every
/// <see cref="ImageSeriesWorkItem"/>; tests of a plugin make one with <see cref="FromVolume"/>.
/// </summary>
public interface IImageVolumeSource
{
    /// <summary>
    /// The series as one volume: slices sorted along the slice normal, values after the modality
    /// rescale (Hounsfield units for CT). A single 2D image is a volume of one slice. The host may
    /// cache the result; do not modify it.
    /// </summary>
    /// <exception cref="InvalidDataException">The instances do not form one regular volume (mixed
    /// orientations or sizes, missing pixel data).</exception>
    ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken);

    /// <summary>A source that returns <paramref name="volume"/>: for tests and for plugins that build volumes themselves.</summary>
    static IImageVolumeSource FromVolume(ImageVolume volume) => new FixedVolumeSource(volume);
}
