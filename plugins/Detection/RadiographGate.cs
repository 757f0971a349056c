using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;

namespace RadCnn.Plugins.Detection;

/// <summary>
/// Why a series is not a frontal chest radiograph this model may read, or null when it is. The
/// manifest already routes only CR/DX with body part CHEST or none; this repeats those checks for
/// direct callers and adds what the manifest cannot express (lateral views).
/// </summary>
internal static class RadiographGate
{
    private static readonly string[] LateralViews = ["LL", "RL", "LATERAL", "LLD", "RLD"];

    public static string? RefusalReason(ImageSeriesWorkItem item)
    {
        if (item.Modality is not ("CR" or "DX"))
        {
            return $"refused: modality {item.Modality} is not a radiograph (CR or DX)";
        }

        if (!string.IsNullOrWhiteSpace(item.BodyPartExamined) && !string.Equals(item.BodyPartExamined.Trim(), "CHEST", StringComparison.OrdinalIgnoreCase))
        {
            return $"refused: body part {item.BodyPartExamined.Trim()} is not CHEST; the model reads frontal chest radiographs only";
        }

        if (item.Instances.Count == 0)
        {
            return "refused: the series has no images";
        }

        foreach (var instance in item.Instances)
        {
            var view = instance.GetStringOrDefault(DicomTag.ViewPosition, string.Empty).Trim();
            if (LateralViews.Contains(view, StringComparer.OrdinalIgnoreCase))
            {
                return $"refused: view position {view} is a lateral view; the model reads frontal (PA/AP) chest radiographs only";
            }

            var samples = instance.GetSingleValueOrDefault(DicomTag.SamplesPerPixel, 1);
            if (samples != 1)
            {
                return $"refused: {samples} samples per pixel; a radiograph is greyscale";
            }
        }

        return null;
    }
}
