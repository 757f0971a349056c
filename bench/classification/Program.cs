using System.Diagnostics;
using System.Globalization;
using RadCnn.Plugins.Classification.Candidates;
using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Training.Phantoms.ChestCt;

var command = args.Length > 0 ? args[0] : "candidates";
int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
string Text(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : fallback;
var seed = Arg("--seed", 9001);
var count = Arg("--count", 20);
var generator = new ChestCtGenerator(ChestCtStyle.Parse(Text("--generator", "standard")), Arg("--size", 128), Arg("--slices", 64));
if (command == "candidates")
{
    var detector = new CandidateDetector { MinResponse = Arg("--min-response", 40), MaxCandidates = Arg("--max", 80) };
    int nodules = 0, hits = 0, candidates = 0;
    var watch = new Stopwatch();
    for (var i = 0; i < count; i++)
    {
        var phantom = generator.Generate(seed, i);
        watch.Start();
        var found = detector.Detect(CtVolume.From(phantom));
        watch.Stop();
        candidates += found.Count;
        foreach (var n in phantom.Nodules)
        {
            nodules++;
            var hit = found.Select((c, k) => (c, k)).FirstOrDefault(p => Math.Sqrt(Math.Pow(p.c.Centre.X - n.X, 2) + Math.Pow(p.c.Centre.Y - n.Y, 2) + Math.Pow(p.c.Centre.Z - n.Z, 2)) <= Math.Max(n.DiameterMm / 2, 4));
            if (hit.c is not null)
            {
                hits++;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phantom.Id} {n.Kind} {n.DiameterMm:F1} mm at {n.X:F0},{n.Y:F0},{n.Z:F0}: {(hit.c is null ? "MISSED nearest " + found.Min(c => Math.Sqrt(Math.Pow(c.Centre.X - n.X, 2) + Math.Pow(c.Centre.Y - n.Y, 2) + Math.Pow(c.Centre.Z - n.Z, 2))).ToString("F1", CultureInfo.InvariantCulture) : $"rank {hit.k} d={hit.c.DiameterMm:F1} r={hit.c.Response:F0}")}"));
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sensitivity {hits}/{nodules}, {candidates / (double)count:F1} candidates per scan, {watch.Elapsed.TotalSeconds / count:F2} s per scan"));
}
if (command == "debug")
{
    var phantom = generator.Generate(seed, Arg("--index", 12));
    var volume = CtVolume.From(phantom);
    Console.WriteLine($"slab z {phantom.Origin.Z}..{phantom.Origin.Z + ((phantom.Slices - 1) * phantom.SliceSpacing)} ps {phantom.PixelSpacing}");
    var g = CandidateDetector.GridMm;
    var nx = (int)Math.Ceiling(volume.Columns * volume.Spacing.X / g);
    var ny = (int)Math.Ceiling(volume.Rows * volume.Spacing.Y / g);
    var nz = (int)Math.Ceiling(volume.Slices * volume.Spacing.Z / g);
    var grid = new float[nx * ny * nz];
    for (var z = 0; z < nz; z++) for (var y = 0; y < ny; y++) for (var x = 0; x < nx; x++) grid[(((z * ny) + y) * nx) + x] = volume.Sample(x * g / volume.Spacing.X, y * g / volume.Spacing.Y, z * g / volume.Spacing.Z);
    var lungs = LungMask.Compute(grid, nx, ny, nz);
    var dz = Arg("--z", 34);
    File.WriteAllBytes("/tmp/mask.pgm", [.. System.Text.Encoding.ASCII.GetBytes($"P5 {nx} {ny} 255\n"), .. Enumerable.Range(0, nx * ny).Select(j => lungs[(dz * nx * ny) + j] ? (byte)255 : (byte)Math.Clamp((grid[(dz * nx * ny) + j] + 1000) / 8, 0, 200))]);
    foreach (var n in phantom.Nodules)
    {
        var (c, r, s) = volume.ToVoxel(new RadCnn.Abstractions.WorkItems.Vector3D(n.X, n.Y, n.Z));
        var (gx, gy, gz) = ((int)Math.Round(c * volume.Spacing.X / g), (int)Math.Round(r * volume.Spacing.Y / g), (int)Math.Round(s * volume.Spacing.Z / g));
        var i = (((gz * ny) + gy) * nx) + gx;
        Console.WriteLine($"{n.Kind} {n.DiameterMm:F1} voxel ({c:F1},{r:F1},{s:F1}) grid ({gx},{gy},{gz}) of ({nx},{ny},{nz}) hu {grid[i]} lung {lungs[i]} lung-fraction-slice {Enumerable.Range(0, nx * ny).Count(j => lungs[(gz * nx * ny) + j]) / (double)(nx * ny):F3}");
    }
}
