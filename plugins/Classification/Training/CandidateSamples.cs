using RadCnn.Abstractions.WorkItems;
using RadCnn.Plugins.Classification.Candidates;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Training.Data;
using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Plugins.Classification.Training;

/// <summary>
/// Training samples from scans with known nodules, as the plugin will meet them: the candidate
/// detector runs on every scan; candidates that hit a nodule are labelled benign (1) or malignant (2),
/// the strongest others "not a nodule" (0, mostly vessels). Each nodule's own centre, and two shifted
/// copies, are added so that the classes are less unequal and the centre's precision is learned around.
/// </summary>
internal static class CandidateSamples
{
    /// <summary>Negatives kept per scan (the strongest candidates, the hardest look-alikes).</summary>
    public const int NegativesPerScan = 24;

    public static IReadOnlyList<TrainingSample> FromScan(CtVolume volume, IReadOnlyList<LabelledNodule> nodules, string id, string patientKey, bool threeD, int seed, int views = 3, Patch3dGeometry? geometry = null)
    {
        geometry ??= PatchExtractor.Geometry3d;
        var detector = new CandidateDetector();
        var candidates = detector.Detect(volume);
        var points = new List<(Vector3D Centre, int Label, string Tag)>();
        var negatives = 0;
        foreach (var (candidate, k) in candidates.Select((c, k) => (c, k)))
        {
            var hit = nodules.FirstOrDefault(n => n.Contains(candidate.Centre));
            if (hit is not null)
            {
                points.Add((candidate.Centre, hit.Malignant ? 2 : 1, $"c{k}"));
            }
            else if (negatives < NegativesPerScan)
            {
                points.Add((candidate.Centre, 0, $"c{k}"));
                negatives++;
            }
        }

        var random = new Random(StableSeed.Of(seed, id));
        foreach (var (nodule, n) in nodules.Select((x, n) => (x, n)))
        {
            points.Add((nodule.Centre, nodule.Malignant ? 2 : 1, $"n{n}"));
            for (var j = 0; j < 2; j++)
            {
#pragma warning disable CA5394 // reproducible jitter, not security
                var shift = new Vector3D((random.NextDouble() - 0.5) * 4, (random.NextDouble() - 0.5) * 4, (random.NextDouble() - 0.5) * 4);
#pragma warning restore CA5394
                points.Add((nodule.Centre + shift, nodule.Malignant ? 2 : 1, $"n{n}j{j}"));
            }
        }

        var input = threeD ? geometry.Input : PatchExtractor.Input2dOf(views);
        return points.Select(p => new TrainingSample
        {
            Id = id + "/" + p.Tag,
            PatientKey = patientKey,
            Pixels = threeD ? PatchExtractor.Patch3d(volume, p.Centre, geometry) : PatchExtractor.Views2d(volume, p.Centre, views),
            Channels = input.Channels,
            Height = input.Height,
            Width = input.Width,
            Label = p.Label,
        }).ToList();
    }

    public static IReadOnlyList<LabelledNodule> Truth(ChestCtPhantom phantom) =>
        phantom.Nodules.Select(n => new LabelledNodule(new Vector3D(n.X, n.Y, n.Z), n.DiameterMm, n.Malignant)).ToList();
}
