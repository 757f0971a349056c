using System.Globalization;
using System.Text.Json;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// Turns a uterus reading into results: a DICOM SEG (uterus, uterine tumour) over the source slices, a
/// Comprehensive SR with the uterine volume and, when a tumour is found, its volume and depth of
/// invasion (fraction of the wall), each segment with its FGSM robustness, a Secondary Capture key image
/// with the outlines, a PNG preview and result.json.
/// </summary>
internal sealed class UterusResultWriter(AlgorithmIdentity algorithm, TimeProvider time)
{
    public static SegmentDefinition UterusSegment { get; } = new("Uterus", ResultCodes.AnatomicalStructure, ResultCodes.Uterus) { Color = (230, 140, 160), Description = "Uterus including any tumour" };

    public static SegmentDefinition TumourSegment { get; } = new("Uterine tumour", ResultCodes.MorphologicallyAlteredStructure, ResultCodes.Neoplasm) { Color = (255, 255, 0) };

    /// <summary>Private code: how far through the uterine wall the tumour reaches (0 lining only, 1 serosa).</summary>
    public static CodedConcept InvasionDepth { get; } = new("R0101", ResultCodes.PrivateScheme, "Depth of invasion (fraction of uterine wall)");

    public static CodedConcept Pelvis { get; } = new("12921003", "SCT", "Pelvis");

    public PluginResult Write(UterusReading reading, IReadOnlyList<DicomDataset> ordered, ImageVolume volume, UterusSettings settings)
    {
        var result = reading.Result;
        var (slices, rows, columns) = (volume.Slices, volume.Rows, volume.Columns);
        var uterusMask = result.Uterus.Select(b => b ? 1f : 0f).ToArray();
        var tumourMask = result.Tumour.Select(b => b ? 1f : 0f).ToArray();
        var seg = new SegmentationBuilder(ordered, algorithm, time) { SeriesDescription = "AI uterus and uterine tumour segmentation" }
            .AddSegment(UterusSegment, uterusMask)
            .AddSegment(TumourSegment, tumourMask)
            .Build();

        var report = new FindingsReportBuilder(ordered, algorithm, time)
        {
            SeriesDescription = "AI uterine volumetry and tumour invasion",
            Comment = Summary(reading, settings) + " Synthetic-phantom model, not for clinical use.",
        };
        report.Add(new ReportFinding(ResultCodes.Uterus, Math.Clamp(reading.UterusProbability, 0, 1))
        {
            Label = "Uterus",
            Site = Pelvis,
            Fragile = reading.UterusRobustness?.Fragile,
            FlippingEpsilon = reading.UterusRobustness?.SmallestFlippingEpsilon,
            Measurements = [new ReportMeasurement(ResultCodes.Volume, Math.Round(result.UterusVolumeMl, 1), ResultCodes.Milliliter)],
            SourceIndices = [reading.UterusKeySlice],
        });
        if (result.HasTumour && reading.TumourKeySlice is { } tumourSlice)
        {
            report.Add(new ReportFinding(ResultCodes.Neoplasm, Math.Clamp(reading.TumourProbability, 0, 1))
            {
                Label = "Uterine tumour",
                Site = ResultCodes.Uterus,
                Fragile = reading.TumourRobustness?.Fragile,
                FlippingEpsilon = reading.TumourRobustness?.SmallestFlippingEpsilon,
                Measurements =
                [
                    new ReportMeasurement(ResultCodes.Volume, Math.Round(result.TumourVolumeMl, 2), ResultCodes.Milliliter),
                    new ReportMeasurement(InvasionDepth, Math.Round(result.InvasionFraction ?? 0, 2), ResultCodes.NoUnits),
                ],
                SourceIndices = [tumourSlice],
            });
        }

        var sr = report.Build();
        var keySlice = reading.TumourKeySlice ?? reading.UterusKeySlice;
        var plane = rows * columns;
        var slicePixels = volume.Voxels.Span.Slice(keySlice * plane, plane).ToArray();
        var contours = Contours(result, rows, columns, keySlice);
        var caption = result.HasTumour
            ? string.Create(CultureInfo.InvariantCulture, $"UTERUS {result.UterusVolumeMl:F0} ML, TUMOUR {result.TumourVolumeMl:F1} ML, INVASION {result.InvasionFraction ?? 0:P0}")
            : string.Create(CultureInfo.InvariantCulture, $"UTERUS {result.UterusVolumeMl:F0} ML, NO TUMOUR");
        var overlay = new HeatmapOverlayBuilder(ordered[keySlice], slicePixels, algorithm, time) { Caption = caption };
        var key = overlay.Build(contours, rows, columns);
        var preview = PreviewRenderer.Segmentation(ordered, volume.Voxels.ToArray(), [UterusSegment, TumourSegment], [uterusMask, tumourMask], algorithm);
        return new PluginResult
        {
            Status = PluginResultStatus.Succeeded,
            Message = Summary(reading, settings),
            Findings = Findings(reading, volume),
            Measurements = Measurements(result),
            Files =
            [
                new OutputFile("segmentation.png", "image/png", preview),
                new OutputFile("key-image.png", "image/png", overlay.RenderPng(contours, rows, columns)),
                new OutputFile("result.json", "application/json", ResultJson(reading, settings, seg, sr, key)),
            ],
            DicomObjects = [seg.Dataset, sr.Dataset, key.Dataset],
        };
    }

    public static string Summary(UterusReading reading, UterusSettings settings)
    {
        var result = reading.Result;
        static string Probe(Abstractions.Engine.RobustnessReport? r) => r is null ? ", not probed" : string.Create(CultureInfo.InvariantCulture, $", FGSM Dice agreement {r.Agreement:F2}{(r.Fragile ? " (fragile)" : string.Empty)}");
        var tumour = result.HasTumour
            ? string.Create(CultureInfo.InvariantCulture, $"tumour {result.TumourVolumeMl:F2} mL, depth of invasion {result.InvasionFraction ?? 0:F2} of the wall{Probe(reading.TumourRobustness)}")
            : "no tumour";
        return string.Create(CultureInfo.InvariantCulture,
            $"uterus {result.UterusVolumeMl:F0} mL{Probe(reading.UterusRobustness)}; {tumour} (thresholds uterus {settings.UterusThreshold:F2}, tumour {settings.TumourThreshold:F2}, smallest tumour {settings.MinimumTumourMl:F2} mL)");
    }

    private static Finding[] Findings(UterusReading reading, ImageVolume volume)
    {
        var findings = new List<Finding>
        {
            new(ResultCodes.Uterus.Value, ResultCodes.Uterus.Meaning, Math.Clamp(reading.UterusProbability, 0, 1)) { CodingScheme = "SCT", Robustness = reading.UterusRobustness },
        };
        if (reading.Result.HasTumour)
        {
            var (z, y, x) = Centre(reading.Result.Tumour, volume.Slices, volume.Rows, volume.Columns);
            findings.Add(new Finding(ResultCodes.Neoplasm.Value, "Uterine tumour", Math.Clamp(reading.TumourProbability, 0, 1))
            {
                CodingScheme = "SCT",
                Robustness = reading.TumourRobustness,
                Location = volume.ToPatient(x, y, z),
            });
        }

        return [.. findings];
    }

    private static Measurement[] Measurements(UterusResult result)
    {
        var list = new List<Measurement>
        {
            new("uterine volume", Math.Round(result.UterusVolumeMl, 1), "mL") { Code = ResultCodes.Volume.Value },
            new("uterine tumour count", result.HasTumour ? 1 : 0, "1"),
        };
        if (result.HasTumour)
        {
            list.Add(new Measurement("uterine tumour volume", Math.Round(result.TumourVolumeMl, 2), "mL") { Code = ResultCodes.Volume.Value });
            list.Add(new Measurement("depth of invasion", Math.Round(result.InvasionFraction ?? 0, 2), "1") { Code = InvasionDepth.Value });
        }

        return [.. list];
    }

    private static byte[] ResultJson(UterusReading reading, UterusSettings settings, DicomFile seg, DicomFile sr, DicomFile key) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            model = "uterus",
            uterusVolumeMl = Math.Round(reading.Result.UterusVolumeMl, 1),
            uterusRobustness = reading.UterusRobustness,
            tumour = reading.Result.HasTumour,
            tumourVolumeMl = Math.Round(reading.Result.TumourVolumeMl, 2),
            invasionFraction = reading.Result.InvasionFraction is { } f ? Math.Round(f, 3) : (double?)null,
            tumourRobustness = reading.TumourRobustness,
            keySlice = (reading.TumourKeySlice ?? reading.UterusKeySlice) + 1,
            thresholds = new { uterus = settings.UterusThreshold, tumour = settings.TumourThreshold, minimumTumourMl = settings.MinimumTumourMl, chosenOn = settings.ChosenOn, planes = settings.Planes },
            seconds = Math.Round(reading.Result.Seconds, 2),
            objects = new
            {
                segmentation = seg.Dataset.GetString(DicomTag.SOPInstanceUID),
                report = sr.Dataset.GetString(DicomTag.SOPInstanceUID),
                keyImage = key.Dataset.GetString(DicomTag.SOPInstanceUID),
            },
            note = "AI output on a synthetic-phantom model; not for clinical use.",
        }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });

    /// <summary>The slice with the most voxels of a mask (0 when empty).</summary>
    public static int KeySlice(bool[] mask, int slices, int plane)
    {
        var best = 0;
        var bestCount = 0;
        for (var z = 0; z < slices; z++)
        {
            var count = mask.AsSpan(z * plane, plane).Count(true);
            if (count > bestCount)
            {
                (best, bestCount) = (z, count);
            }
        }

        return best;
    }

    private static (double Z, double Y, double X) Centre(bool[] mask, int slices, int rows, int columns)
    {
        double sz = 0, sy = 0, sx = 0;
        var n = 0;
        var plane = rows * columns;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                sz += i / plane;
                sy += (i % plane) / columns;
                sx += i % columns;
                n++;
            }
        }

        return n == 0 ? (0, 0, 0) : (sz / n, sy / n, sx / n);
    }

    /// <summary>Outline pixels of the slice: 0.55 on the uterus's edge, 1 on the tumour's edge, 0 elsewhere.</summary>
    private static float[] Contours(UterusResult result, int rows, int columns, int slice)
    {
        var plane = rows * columns;
        var map = new float[plane];
        void Outline(bool[] mask, float value)
        {
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    var i = (slice * plane) + (y * columns) + x;
                    if (!mask[i])
                    {
                        continue;
                    }

                    var edge = x == 0 || y == 0 || x == columns - 1 || y == rows - 1
                        || !mask[i - 1] || !mask[i + 1] || !mask[i - columns] || !mask[i + columns];
                    if (edge)
                    {
                        map[(y * columns) + x] = value;
                    }
                }
            }
        }

        Outline(result.Uterus, 0.55f);
        Outline(result.Tumour, 1f);
        return map;
    }
}
