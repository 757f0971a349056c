using RadCnn.Dicom;

namespace RadCnn.Abstractions.WorkItems;

/// <summary>
/// Where one slice of an <see cref="ImageVolume"/> came from: the instance (and, for a multi-frame
/// instance, the frame) whose pixels it holds. Results that reference their source image (an overlay, a
/// report's evidence, a derived slice) take it from here instead of guessing the pairing.
/// </summary>
/// <param name="SopInstanceUid">SOP Instance UID (0008,0018) of the source instance.</param>
/// <param name="Instance">The source instance's dataset: the same object as in <see cref="ImageSeriesWorkItem.Instances"/>. Treat it as read-only.</param>
/// <param name="Frame">The frame within the instance, from 0; 0 for a single-frame instance.</param>
public sealed record SliceSource(string SopInstanceUid, DicomDataset Instance, int Frame = 0)
{
    /// <summary>The source of a slice that holds frame <paramref name="frame"/> of <paramref name="instance"/>, its UID read from the dataset.</summary>
    /// <exception cref="ArgumentException">The dataset has no SOP Instance UID.</exception>
    public static SliceSource Of(DicomDataset instance, int frame = 0)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        return instance.TryGetString(DicomTag.SOPInstanceUID, out var uid) && uid.Length > 0
            ? new SliceSource(uid, instance, frame)
            : throw new ArgumentException("The dataset has no SOP Instance UID (0008,0018).", nameof(instance));
    }
}
