using System.Globalization;
using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Training.Phantoms.PelvisMr;

/// <summary>
/// Synthetic T2-weighted pelvic MR series with uterus and uterine-tumour ground truth. The anatomy is
/// drawn in patient millimetres and sampled on a sagittal or axial grid whose field of view, slice
/// spacing (3-6 mm) and thickness vary from case to case. The same (seed, index) always gives the same
/// case; <see cref="PelvisMrVariation"/> renders it again with another gain or a stronger bias field.
/// </summary>
public sealed class PelvisMrGenerator
{
    public PelvisMrGenerator(PelvisMrStyle style = PelvisMrStyle.T2, int size = 128, int slices = 24)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 32);
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 4);
        Style = style;
        Size = size;
        Slices = slices;
    }

    public PelvisMrStyle Style { get; }

    /// <summary>Rows and columns per slice.</summary>
    public int Size { get; }

    public int Slices { get; }

    public string Name => Style == PelvisMrStyle.T2 ? "pelvis-mr" : "pelvis-mr-alternate";

    public PelvisMrCase Generate(int seed, int index) => Generate(seed, index, PelvisMrVariation.None);

    public PelvisMrCase Generate(int seed, int index, PelvisMrVariation variation)
    {
        ArgumentNullException.ThrowIfNull(variation);
        var random = new SeededRandom(seed, index, Style == PelvisMrStyle.T2 ? 8101 : 8102);
        var anatomy = new PelvisAnatomyBuilder(Style, random).Build();
        var grid = DrawGrid(random, anatomy.Uterus.Centre);
        var (pixels, labels, invasion) = PelvisMrRenderer.Render(anatomy, grid, random, Style, variation);
        var id = string.Create(CultureInfo.InvariantCulture, $"{Name}-s{seed}-c{index:D4}");
        return new PelvisMrCase(id, grid, pixels, labels, labels.Contains((byte)2) ? anatomy.Tumour : null, invasion);
    }

    private MrGrid DrawGrid(SeededRandom random, Point3 uterusCentre)
    {
        var sagittal = random.Chance(0.5);
        var fieldOfView = sagittal ? random.Uniform(240, 300) : random.Uniform(300, 380);
        var pixelSpacing = Math.Round(fieldOfView / Size, 3);
        var sliceSpacing = Math.Round(random.Uniform(3, 6), 2);
        var thickness = Math.Round(sliceSpacing * random.Uniform(0.8, 1.0), 2);
        double[] rowDirection = sagittal ? [0, 1, 0] : [1, 0, 0];
        double[] columnDirection = sagittal ? [0, 0, -1] : [0, 1, 0];
        var centre = uterusCentre + new Point3(random.Uniform(-12, 12), random.Uniform(-15, 15), random.Uniform(-15, 15));
        if (!sagittal)
        {
            centre = centre with { X = random.Uniform(-8, 8) };
        }

        var grid = new MrGrid(Size, Size, Slices, pixelSpacing, sliceSpacing, thickness, [0, 0, 0], rowDirection, columnDirection);
        var corner = grid.Position((Size - 1) / 2.0, (Size - 1) / 2.0, (Slices - 1) / 2.0);
        return grid with { Origin = [Math.Round(centre.X - corner.X, 3), Math.Round(centre.Y - corner.Y, 3), Math.Round(centre.Z - corner.Z, 3)] };
    }
}
