using System.Globalization;
using System.Text.Json;
using RadCnn.Dicom;
using RadCnn.Training.Optimization;

namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>
/// Writes abdominal CT phantoms in the layout the segmentation recipes and `radcnn run` read: one
/// folder per case with ct/*.dcm (the series) and seg.dcm (the ground truth SEG), cases.json with each
/// case's liver volume and masses, and phantom.json recording the generator and seed.
/// </summary>
public static class AbdomenCtSetWriter
{
    public const string CasesFile = "cases.json";

    public static IReadOnlyList<AbdomenCtCase> Write(AbdomenCtGenerator generator, int count, int seed, string directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Directory.CreateDirectory(directory);
        var created = time.GetUtcNow();
        var cases = new AbdomenCtCase[count];
        for (var i = 0; i < count; i++)
        {
            var phantom = generator.Generate(seed, i);
            var folder = Path.Combine(directory, phantom.Id);
            var slices = AbdomenCtDicomWriter.Slices(phantom, generator.Name, seed, i, created);
            PhantomDicom.SaveSeries(Path.Combine(folder, "ct"), slices, "IM");

            AbdomenCtDicomWriter.GroundTruth(phantom, slices, created).Save(Path.Combine(folder, "seg.dcm"));
            cases[i] = phantom;
        }

        var manifest = cases.Select(c => new
        {
            id = c.Id,
            liverVolumeMl = Math.Round(c.LiverVolumeMl, 1),
            massVoxels = c.Labels.Count(l => l == 2),
            pixelSpacing = c.Grid.PixelSpacing,
            sliceSpacing = c.Grid.SliceSpacing,
            sliceThickness = c.Grid.SliceThickness,
            masses = c.Masses,
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
            noiseScale = generator.NoiseScale,
            note = "Synthetic abdominal CT with liver and liver-mass ground truth (seg.dcm per case); not patient data.",
        }, options));
        return cases;
    }
}
