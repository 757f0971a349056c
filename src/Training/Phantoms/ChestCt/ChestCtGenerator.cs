using System.Globalization;
using RadCnn.Training.Data;

namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>
/// Synthetic thin-slice chest CT series with known nodules. Each case draws a field of view (0.6-0.9 mm
/// pixels at 512; the same field on a smaller matrix), a slice thickness of 0.625-2.5 mm (contiguous or
/// overlapping slices, never gaps), a patient size, the anatomy (<see cref="ChestCtAnatomy"/>), a vessel
/// tree with bronchi, 0-4 nodules, the scanner's blur and noise, all from (seed, index) alone.
/// </summary>
public sealed class ChestCtGenerator
{
    public ChestCtGenerator(ChestCtStyle? style = null, int size = 128, int slices = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 8);
        Style = style ?? ChestCtStyle.Standard;
        Size = size;
        Slices = slices;
    }

    public ChestCtStyle Style { get; }

    public int Size { get; }

    public int Slices { get; }

    public string Name => Style.Name;

    public ChestCtPhantom Generate(int seed, int index)
    {
        var random = new SeededRandom(seed, index, Name.Length, 7919);
        var fieldOfView = random.Uniform(0.6, 0.9) * 512;
        var pixelSpacing = Math.Round(fieldOfView / Size, 4);
        var thickness = new[] { 0.625, 1.0, 1.25, 1.5, 2.0, 2.5 }[random.Int(0, 6)];
        var sliceSpacing = Math.Round(thickness * (random.Chance(0.3) ? 0.8 : 1.0), 4);
        var zLow = Math.Round(random.Uniform(-120, -60), 2);
        var zHigh = zLow + ((Slices - 1) * sliceSpacing);
        var origin = (X: Math.Round(-fieldOfView / 2, 3), Y: Math.Round((-fieldOfView / 2) + random.Uniform(-15, 15), 3), Z: zLow);
        var anatomy = new ChestCtAnatomy(random, Style, fieldOfView, zLow, zHigh);
        var canvas = new VolumeCanvas(Size, Size, Slices, pixelSpacing, sliceSpacing, origin);
        Parallel.For(0, Slices, s =>
        {
            var z = canvas.Z(s);
            for (var r = 0; r < Size; r++)
            {
                var y = canvas.Y(r);
                for (var c = 0; c < Size; c++)
                {
                    canvas.Hu[canvas.Index(c, r, s)] = anatomy.Hu(canvas.X(c), y, z);
                }
            }
        });
        VesselTree.Paint(canvas, anatomy, Style, random, zLow, zHigh);
        var nodules = NodulePainter.Paint(canvas, anatomy, Style, random, zLow, zHigh);

        // The scanner: in-plane blur, slice sensitivity profile (thickness beyond the spacing), then noise.
        var sigmaZ = Math.Max(0, ((thickness / sliceSpacing) - 1) * 0.5);
        var hu = VolumeFilters.Gaussian(canvas.Hu, Size, Size, Slices, Style.BlurPixels, Style.BlurPixels, sigmaZ);
        var noiseHu = random.Uniform(Style.NoiseMinHu, Style.NoiseMaxHu) * Math.Sqrt(1.25 / thickness);
        var noiseRandom = new Random(SeededRandom.Mix(seed, index, 31337));
        var noise = new float[hu.Length];
        for (var i = 0; i < noise.Length; i++)
        {
#pragma warning disable CA5394 // reproducible synthetic noise
            noise[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - noiseRandom.NextDouble())) * Math.Cos(2 * Math.PI * noiseRandom.NextDouble()));
#pragma warning restore CA5394
        }

        if (Style.CorrelatedNoise)
        {
            // A smooth kernel's texture: blurred noise, rescaled to the same standard deviation.
            noise = VolumeFilters.Gaussian(noise, Size, Size, Slices, 1.0, 1.0, 0.5);
            for (var i = 0; i < noise.Length; i++)
            {
                noise[i] *= 2.9f;
            }
        }

        for (var i = 0; i < hu.Length; i++)
        {
            hu[i] = MathF.Round(Math.Clamp(hu[i] + (float)(noiseHu * noise[i]), -1024, 3071));
        }

        return new ChestCtPhantom
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"{Name}-s{seed}-{index:D4}"),
            PatientKey = string.Create(CultureInfo.InvariantCulture, $"{Name}-s{seed}-p{index}"),
            Generator = Name,
            Columns = Size,
            Rows = Size,
            Slices = Slices,
            PixelSpacing = pixelSpacing,
            SliceSpacing = sliceSpacing,
            SliceThickness = thickness,
            Origin = origin,
            Hu = hu,
            NoduleMask = canvas.Labels,
            Nodules = nodules,
            NoiseHu = noiseHu,
        };
    }
}
