using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation;

/// <summary>
/// Why a series is not a pelvic MR series the uterus model may read, or null when it is: MR, body part
/// pelvis (or a name for it, or empty), single-frame greyscale slices with one consistent geometry, at
/// least <see cref="MinimumSlices"/> of them, and not one of RadCnn's own results.
/// </summary>
internal static class MrSeriesGate
{
    public const int MinimumSlices = 8;

    private static readonly string[] PelvicParts = ["PELVIS", "UTERUS", "ABDOMENPELVIS", "CERVIX", "OVARY", "FEMALEPELVIS"];

    /// <summary>Whether the body part names the pelvis or the uterus (the routing question; empty is not enough on its own).</summary>
    public static bool IsPelvic(string? bodyPart) => !string.IsNullOrWhiteSpace(bodyPart) && PelvicParts.Contains(bodyPart.Trim(), StringComparer.OrdinalIgnoreCase);

    public static string? RefusalReason(ImageSeriesWorkItem item)
    {
        if (item.Modality != "MR")
        {
            return $"refused: modality {item.Modality} is not MR";
        }

        if (!string.IsNullOrWhiteSpace(item.BodyPartExamined) && !IsPelvic(item.BodyPartExamined))
        {
            return $"refused: body part {item.BodyPartExamined.Trim()} on MR is not the pelvis (the uterus model reads pelvic MR), and modality MR is not CT (the liver model reads CT)";
        }

        if (item.Instances.Count == 0)
        {
            return "refused: the series has no images";
        }

        foreach (var instance in item.Instances)
        {
            if (instance.GetStringOrDefault(DicomTag.Manufacturer).Trim() == "RadCnn")
            {
                return "refused: the series is a RadCnn result (derived by RadCnn), not an acquired MR series";
            }

            if (instance.GetSingleValueOrDefault(DicomTag.NumberOfFrames, 1) > 1)
            {
                return "refused: multi-frame (enhanced) MR is not supported; send the series as single-frame MR images";
            }

            if (instance.GetSingleValueOrDefault(DicomTag.SamplesPerPixel, 1) != 1)
            {
                return "refused: MR must be greyscale (one sample per pixel)";
            }
        }

        if (item.Instances.Count < MinimumSlices)
        {
            return $"refused: the series has {item.Instances.Count} slices; at least {MinimumSlices} are needed";
        }

        return CtSeries.GeometryProblem(item.Instances);
    }
}
