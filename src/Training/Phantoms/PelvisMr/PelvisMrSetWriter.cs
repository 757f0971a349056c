using System.Globalization;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.Training.Optimization;

namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>
/// Writes pelvic MR phantoms in the layout the segmentation recipes and `radcnn run` read: one folder
/// per case with mr/*.dcm (the series) and seg.dcm (the ground truth SEG), cases.json with each case's
/// orientation, uterine and tumour volumes, tumour kind and depth of invasion, and phantom.json.
/// </summary>
public static class PelvisMrSetWriter
{
    public const string CasesFile = "cases.json";

    public static IReadOnlyList<PelvisMrCase> Write(PelvisMrGenerator generator, int count, int seed, string directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Directory.CreateDirectory(directory);
        var created = time.GetUtcNow();
        var cases = new PelvisMrCase[count];
        for (var i = 0; i < count; i++)
        {
            var phantom = generator.Generate(seed, i);
            var folder = Path.Combine(directory, phantom.Id);
            var slices = PelvisMrDicomWriter.Slices(phantom, generator.Name, seed, i, created);
            PhantomDicom.SaveSeries(Path.Combine(folder, "mr"), slices, "IM");

            PelvisMrDicomWriter.GroundTruth(phantom, slices, created).Save(Path.Combine(folder, "seg.dcm"));
            cases[i] = phantom;
        }

        var manifest = cases.Select(c => new
        {
            id = c.Id,
            orientation = c.Grid.IsSagittal ? "sagittal" : "axial",
            uterusVolumeMl = Math.Round(c.UterusVolumeMl, 1),
            tumourVolumeMl = Math.Round(c.TumourVolumeMl, 2),
            tumour = c.Tumour?.Kind.ToString(),
            invasionDepth = c.InvasionDepth,
            pixelSpacing = c.Grid.PixelSpacing,
            sliceSpacing = c.Grid.SliceSpacing,
            sliceThickness = c.Grid.SliceThickness,
        });
        var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        AtomicFile.WriteAllText(Path.Combine(directory, CasesFile), JsonSerializer.Serialize(manifest, options));
        AtomicFile.WriteAllText(Path.Combine(directory, "phantom.json"), JsonSerializer.Serialize(new
        {
            generator = generator.Name,
            style = generator.Style.ToString(),
            seed,
            count,
            size = generator.Size,
            slices = generator.Slices,
            note = "Synthetic T2-weighted pelvic MR with uterus and uterine-tumour ground truth (seg.dcm per case); not patient data.",
        }, options));
        return cases;
    }
}
