using System.Globalization;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;

namespace RadCnn.Plugins.Denoising;

/// <summary>
/// Why a series is not an original axial CT this denoiser may read, or null when it is. Besides the
/// manifest's modality rule it refuses localisers, anything derived (a denoiser must never denoise its
/// own or anyone's processed output again), RadCnn's own results sent back by a PACS, images without
/// the rescale that makes their values HU, and pixel layouts it cannot store back exactly.
/// </summary>
internal static class CtSeriesGate
{
    /// <summary>Manufacturer (0008,0070) RadCnn writes on every result object.</summary>
    public const string RadCnnManufacturer = "RadCnn";

    public static string? RefusalReason(ImageSeriesWorkItem item, int minimumSide)
    {
        if (item.Modality is not "CT")
        {
            return $"refused: modality {item.Modality} is not CT";
        }

        if (item.Instances.Count == 0)
        {
            return "refused: the series has no images";
        }

        foreach (var instance in item.Instances)
        {
            if (string.Equals(instance.GetStringOrDefault(DicomTag.Manufacturer, string.Empty).Trim(), RadCnnManufacturer, StringComparison.Ordinal))
            {
                return "refused: the series is a RadCnn result (manufacturer RadCnn); RadCnn never processes its own outputs again";
            }

            var sopClass = instance.GetStringOrDefault(DicomTag.SOPClassUID, string.Empty);
            if (sopClass != DicomUid.CTImageStorage.Value)
            {
                return $"refused: SOP class {sopClass} is not CT Image Storage (single-frame axial CT only)";
            }

            var imageType = instance.TryGetValues<string>(DicomTag.ImageType, out var type) ? type.Select(t => t.Trim().ToUpperInvariant()).ToArray() : [];
            if (imageType.Contains("LOCALIZER"))
            {
                return "refused: the series is a localiser (scout), not axial CT";
            }

            if (imageType.Length > 0 && imageType[0] == "DERIVED")
            {
                return "refused: the images are DERIVED (already processed); only original reconstructions are denoised";
            }

            if (instance.Contains(DicomTag.DerivationDescription))
            {
                return "refused: the images carry a Derivation Description; only original reconstructions are denoised";
            }

            if (instance.GetStringOrDefault(DicomTag.SeriesDescription, string.Empty).Contains("denois", StringComparison.OrdinalIgnoreCase))
            {
                return "refused: the series description says it is already denoised";
            }

            if (!instance.TryGetSingleValue<double>(DicomTag.RescaleSlope, out var slope) || !instance.TryGetSingleValue<double>(DicomTag.RescaleIntercept, out _) || slope == 0)
            {
                return "refused: Rescale Slope/Intercept missing or zero; without them the values are not HU";
            }

            if (instance.GetSingleValueOrDefault(DicomTag.SamplesPerPixel, 1) != 1 || instance.GetSingleValueOrDefault(DicomTag.BitsAllocated, 0) != 16)
            {
                return "refused: only 16-bit greyscale CT is supported";
            }

            var rows = instance.GetSingleValueOrDefault(DicomTag.Rows, 0);
            var columns = instance.GetSingleValueOrDefault(DicomTag.Columns, 0);
            if (rows < minimumSide || columns < minimumSide)
            {
                return string.Create(CultureInfo.InvariantCulture, $"refused: the images are {rows}x{columns}; at least {minimumSide}x{minimumSide} is needed");
            }
        }

        return null;
    }
}
