using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation;

/// <summary>
/// Why a series is not an axial abdominal CT this cascade may read, or null when it is. The manifest
/// routes CT with body part ABDOMEN; this repeats those checks for direct callers and adds what the
/// manifest cannot express: enough slices, one consistent geometry, and not one of RadCnn's own results.
/// </summary>
internal static class CtSeriesGate
{
    public const int MinimumSlices = 16;

    private static readonly string[] AbdominalParts = ["ABDOMEN", "ABDOMENPELVIS", "CHESTABDOMEN", "CHESTABDPELVIS", "LIVER", "TRUNK", "BODY"];

    public static string? RefusalReason(ImageSeriesWorkItem item)
    {
        if (item.Modality != "CT")
        {
            return $"refused: modality {item.Modality} is not CT";
        }

        if (!string.IsNullOrWhiteSpace(item.BodyPartExamined) && !AbdominalParts.Contains(item.BodyPartExamined.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return $"refused: body part {item.BodyPartExamined.Trim()} is not the abdomen; the model reads abdominal CT only";
        }

        if (item.Instances.Count == 0)
        {
            return "refused: the series has no images";
        }

        foreach (var instance in item.Instances)
        {
            if (instance.GetStringOrDefault(DicomTag.Manufacturer).Trim() == "RadCnn")
            {
                return "refused: the series is a RadCnn result (derived by RadCnn), not an acquired CT";
            }

            if (instance.GetSingleValueOrDefault(DicomTag.NumberOfFrames, 1) > 1)
            {
                return "refused: multi-frame (enhanced) CT is not supported; send the series as single-frame CT images";
            }

            if (instance.GetSingleValueOrDefault(DicomTag.SamplesPerPixel, 1) != 1)
            {
                return "refused: CT must be greyscale (one sample per pixel)";
            }
        }

        if (item.Instances.Count < MinimumSlices)
        {
            return $"refused: the series has {item.Instances.Count} slices; at least {MinimumSlices} are needed for a 3D segmentation";
        }

        return CtSeries.GeometryProblem(item.Instances);
    }
}
