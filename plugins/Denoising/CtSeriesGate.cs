using System.Globalization;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;

namespace RadCnn.Plugins.Denoising;

/// <summary>
/// Why a series is not an original axial CT this denoiser may read, or null when it is. Besides the
/// manifest's modality rule it refuses localisers, anything derived (a denoiser must never denoise its
/// own or anyone's processed output again), RadCnn's own results sent back by a PACS, images without
/// the rescale that makes their values HU, pixel layouts it cannot store back exactly, and pixels coarser than the
/// spacing up to which its HU bias was measured within the issue's ±5 HU (<see cref="DefaultMaximumPixelSpacingMm"/>).
/// </summary>
internal static class CtSeriesGate
{
    /// <summary>Manufacturer (0008,0070) RadCnn writes on every result object.</summary>
    public const string RadCnnManufacturer = "RadCnn";

    /// <summary>
    /// The coarsest in-plane pixel spacing denoised by default (setting "MaximumPixelSpacingMm"). The networks are trained
    /// on 1.5 mm pixels; on standard-dose abdominal phantoms (`radcnn phantom abdomen-ct`, seed 1, 12 series per matrix,
    /// `bench/denoising/run domain`) the median mean-HU shift in the most uniform soft-tissue windows grows with the
    /// spacing: at most 2.2 HU at 0.75 mm, 3.7 at 1.5, 4.2 at 1.7, 5.0 at 2.0, 7.3 at 2.4 and 9.4 at 3.0 mm. 2.0 mm is the
    /// coarsest spacing at which every series stayed within ±5 HU.
    /// </summary>
    public const double DefaultMaximumPixelSpacingMm = 2.0;

    public static string? RefusalReason(ImageSeriesWorkItem item, int minimumSide, double maximumPixelSpacingMm = DefaultMaximumPixelSpacingMm)
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

            if (!instance.TryGetValues<double>(DicomTag.PixelSpacing, out var spacing) || spacing.Length != 2 || !(spacing[0] > 0) || !(spacing[1] > 0))
            {
                return "refused: Pixel Spacing missing or not two positive values; without it the denoiser cannot tell whether the pixels lie in the range it was validated for";
            }

            if (Math.Max(spacing[0], spacing[1]) > maximumPixelSpacingMm)
            {
                return string.Create(CultureInfo.InvariantCulture, $"refused: pixel spacing {Math.Max(spacing[0], spacing[1]):0.###} mm is coarser than {maximumPixelSpacingMm:0.###} mm, beyond which the denoiser shifts mean HU by more than 5 HU (setting MaximumPixelSpacingMm)");
            }
        }

        return null;
    }
}
