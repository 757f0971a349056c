using RadCnn.Dicom;
using RadCnn.Host.Store;

namespace RadCnn.Host.Routing;

/// <summary>
/// The loop rule: RadCnn never processes its own results (derived series, SEG, SR, Secondary
/// Capture) when a PACS sends them back. Every result object RadCnn writes names RadCnn as its
/// Manufacturer (General Equipment), so one instance's header decides for the whole series, for
/// every plugin, before any job is made.
/// </summary>
internal static class OwnOutputCheck
{
    /// <summary>The Manufacturer (0008,0070) RadCnn's result builders write.</summary>
    public const string Manufacturer = "RadCnn";

    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforeTag = DicomTag.PixelData, WholeFileThreshold = 0 };

    /// <summary>Why the series must not be routed, or null when it is not RadCnn's output.</summary>
    public static async Task<string?> RefusalReasonAsync(IJobStore store, string seriesInstanceUid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var instances = await store.GetInstancesAsync(seriesInstanceUid, cancellationToken).ConfigureAwait(false);
        return instances.Count == 0 ? null : RefusalReason(instances[0].SpoolPath);
    }

    /// <summary>Why the instance at <paramref name="path"/> (and so its series) must not be routed, or null.</summary>
    public static string? RefusalReason(string path)
    {
        string manufacturer;
        try
        {
            manufacturer = DicomFile.Open(path, HeaderOnly).Dataset.GetStringOrDefault(DicomTag.Manufacturer, string.Empty).Trim('\0', ' ');
        }
        catch (Exception e) when (e is IOException or DicomFormatException or EndOfStreamException)
        {
            return null; // unreadable headers are the ingestion's and the plugins' concern, not the loop rule's
        }

        return string.Equals(manufacturer, Manufacturer, StringComparison.Ordinal)
            ? "refused: the series is RadCnn's own output (Manufacturer RadCnn), sent back to it; RadCnn never processes its own results again"
            : null;
    }
}
