namespace RadCnn.Abstractions.WorkItems;

/// <summary>The source behind <see cref="IImageVolumeSource.FromVolume"/>.</summary>
internal sealed class FixedVolumeSource(ImageVolume volume) : IImageVolumeSource
{
    private readonly ImageVolume _volume = volume ?? throw new ArgumentNullException(nameof(volume));

    public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_volume);
    }
}
