using System.Globalization;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Plugins.Classification.Preprocessing;

namespace RadCnn.Plugins.Classification;

/// <summary>
/// Why a series is not a thin-slice chest CT the nodule models may read, or null when it is. The
/// manifest already routes only CT with body part CHEST, LUNG, THORAX or none; this repeats those checks
/// for direct callers and adds what the manifest cannot express: localisers, RadCnn's own outputs,
/// thick slices, too few slices, gaps and uneven spacing.
/// </summary>
internal static class CtSeriesGate
{
    public const int MinimumSlices = 32;

    public const double MaximumThicknessMm = 3.0;

    /// <summary>The Manufacturer RadCnn writes into every result object (SR, SC, SEG, derived series).</summary>
    public const string RadCnnManufacturer = "RadCnn";

    private static readonly string[] ChestParts = ["CHEST", "LUNG", "THORAX"];

    public static string? RefusalReason(ImageSeriesWorkItem item)
    {
        if (!string.Equals(item.Modality?.Trim(), "CT", StringComparison.OrdinalIgnoreCase))
        {
            return $"refused: modality {item.Modality} is not CT";
        }

        if (!string.IsNullOrWhiteSpace(item.BodyPartExamined) && !ChestParts.Contains(item.BodyPartExamined.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return $"refused: body part {item.BodyPartExamined.Trim()} is not the chest; the models read chest CT only";
        }

        if (item.Instances.Count == 0)
        {
            return "refused: the series has no images";
        }

        foreach (var instance in item.Instances)
        {
            if (string.Equals(instance.GetStringOrDefault(DicomTag.Manufacturer, string.Empty).Trim(), RadCnnManufacturer, StringComparison.Ordinal))
            {
                return "refused: the series is a RadCnn result (Manufacturer RadCnn), not an acquired CT";
            }

            var imageType = instance.GetStringOrDefault(DicomTag.ImageType, string.Empty).ToUpperInvariant();
            if (imageType.Contains("LOCALIZER", StringComparison.Ordinal) || imageType.Contains("SCOUT", StringComparison.Ordinal))
            {
                return "refused: the series holds localizer (scout) images, not axial slices";
            }

            if (instance.GetSingleValueOrDefault(DicomTag.SamplesPerPixel, 1) != 1)
            {
                return "refused: colour images; CT slices are greyscale";
            }
        }

        if (item.Instances.Count < MinimumSlices)
        {
            return string.Create(CultureInfo.InvariantCulture, $"refused: {item.Instances.Count} slices; at least {MinimumSlices} thin slices covering the lungs are needed");
        }

        var thickness = item.Instances.Select(i => CtSeriesReader.Numbers(i, DicomTag.SliceThickness) is { Length: 1 } t ? t[0] : double.NaN).ToList();
        if (thickness.Any(double.IsNaN))
        {
            return "refused: Slice Thickness is missing; the models need thin slices (at most 3 mm)";
        }

        if (thickness.Max() > MaximumThicknessMm)
        {
            return string.Create(CultureInfo.InvariantCulture, $"refused: slices are {thickness.Max():0.###} mm thick; the models read slices of at most {MaximumThicknessMm:0.#} mm");
        }

        var orientations = item.Instances.Select(i => CtSeriesReader.Numbers(i, DicomTag.ImageOrientationPatient)).ToList();
        if (orientations.Any(o => o is not { Length: 6 }) || orientations.Any(o => o!.Zip(orientations[0]!).Any(p => Math.Abs(p.First - p.Second) > 1e-3)))
        {
            return "refused: Image Orientation (Patient) is missing or differs between slices";
        }

        var ordered = CtSeriesReader.Order(item.Instances);
        if (ordered.Any(o => o.Position is null))
        {
            return "refused: Image Position (Patient) is missing on some slices";
        }

        var gaps = ordered.Zip(ordered.Skip(1), (a, b) => b.Position!.Value - a.Position!.Value).ToList();
        if (gaps.Any(g => g < 1e-3))
        {
            return "refused: two slices share one position (duplicates or several stacks in one series)";
        }

        var median = gaps.Order().ElementAt(gaps.Count / 2);
        if (gaps.Any(g => Math.Abs(g - median) > Math.Max(0.05, 0.1 * median)))
        {
            return string.Create(CultureInfo.InvariantCulture, $"refused: uneven slice spacing ({gaps.Min():0.###}-{gaps.Max():0.###} mm): a gap or missing slices");
        }

        if (median > thickness.Max() + 0.05)
        {
            return string.Create(CultureInfo.InvariantCulture, $"refused: slices {median:0.###} mm apart are only {thickness.Max():0.###} mm thick (gaps between slices)");
        }

        return null;
    }
}
