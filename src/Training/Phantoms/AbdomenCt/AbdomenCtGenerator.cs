using System.Globalization;

namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>
/// Synthetic abdominal CT series with liver and liver-mass ground truth. The anatomy is drawn in
/// patient millimetres and sampled on a grid whose pixel spacing, slice spacing and thickness vary from
/// case to case (the field of view always covers the body), so one phantom can be rendered at any size.
/// The same (seed, index) always gives the same case.
/// </summary>
public sealed class AbdomenCtGenerator
{
    public AbdomenCtGenerator(AbdomenCtStyle style = AbdomenCtStyle.PortalVenous, int size = 128, int slices = 48)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 32);
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 4);
        Style = style;
        Size = size;
        Slices = slices;
    }

    public AbdomenCtStyle Style { get; }

    /// <summary>Rows and columns per slice.</summary>
    public int Size { get; }

    public int Slices { get; }

    /// <summary>
    /// Factor on every case's image noise (its standard deviation; 1 as trained). The anatomy, grid and noise pattern of
    /// a (seed, index) stay the same, so one case can be read at several noise levels, as a dose series: noise × 0.5 is
    /// about four times the dose. Greater than 0, at most 4.
    /// </summary>
    public double NoiseScale
    {
        get => noiseScale;
        init
        {
            if (!(value > 0 && value <= 4))
            {
                throw new ArgumentException(FormattableString.Invariant($"noise scale {value}: must be greater than 0 and at most 4"));
            }

            noiseScale = value;
        }
    }

    private readonly double noiseScale = 1;

    public string Name => Style == AbdomenCtStyle.PortalVenous ? "abdomen-ct" : "abdomen-ct-alternate";

    public AbdomenCtCase Generate(int seed, int index)
    {
        var random = new SeededRandom(seed, index, Style == AbdomenCtStyle.PortalVenous ? 7001 : 7002);
        var built = new AbdomenAnatomyBuilder(Style, random).Build();
        var anatomy = built with { NoiseHu = built.NoiseHu * NoiseScale };
        var grid = DrawGrid(random, anatomy.LiverCenterZ);
        var (hu, labels) = AbdomenCtRenderer.Render(anatomy, grid, random);
        var id = string.Create(CultureInfo.InvariantCulture, $"{Name}-s{seed}-c{index:D4}");
        return new AbdomenCtCase(id, grid, hu, labels, anatomy.Masses);
    }

    private CtGrid DrawGrid(SeededRandom random, double liverCenterZ)
    {
        // The field of view covers the widest body (about 350 mm) with a margin.
        var pixelSpacing = Math.Round(random.Uniform(1.0, 1.15) * 375.0 / Size, 3);
        var sliceSpacing = Math.Round(random.Uniform(Math.Clamp(160.0 / Slices, 0.7, 5), Math.Clamp(240.0 / Slices, 0.7, 5)), 2);
        var thickness = Math.Round(sliceSpacing * (random.Chance(0.5) ? 1 : random.Uniform(1.0, 1.25)), 2);
        var centerZ = liverCenterZ + random.Uniform(-15, 10);
        var origin = new[]
        {
            Math.Round((-(Size - 1) / 2.0 * pixelSpacing) + random.Uniform(-8, 8), 3),
            Math.Round((-(Size - 1) / 2.0 * pixelSpacing) + random.Uniform(-8, 8), 3),
            Math.Round(centerZ - ((Slices - 1) / 2.0 * sliceSpacing), 3),
        };
        return new CtGrid(Size, Size, Slices, pixelSpacing, sliceSpacing, thickness, origin);
    }
}
