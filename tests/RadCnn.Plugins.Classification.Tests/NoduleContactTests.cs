using RadCnn.Plugins.Classification.Evaluation;
using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// The contact measure `bench/classification diagnose` groups nodules by (free, touching, attached to a
/// vessel): on built volumes with known surroundings and on generated phantoms.
/// </summary>
public sealed class NoduleContactTests
{
    [Fact]
    public void ContactMeasuresTheTissueAroundANodule()
    {
        // 1 mm voxels, 40³ of lung at -850: a free 8 mm nodule, one touched by a thin vessel, one lying on a tissue slab.
        Assert.Equal(0, NoduleContact.Of(Phantom(Surroundings.None), Nodule(NoduleKind.Solid)), 3);
        var thin = NoduleContact.Of(Phantom(Surroundings.ThinVessel), Nodule(NoduleKind.Solid));
        Assert.InRange(thin, 0.001, NoduleContact.AttachedShare - 0.001);
        var slab = NoduleContact.Of(Phantom(Surroundings.Slab), Nodule(NoduleKind.Solid));
        Assert.InRange(slab, NoduleContact.AttachedShare, 0.6);
    }

    [Fact]
    public void GeneratedNodulesAreFreeTouchingOrAttached()
    {
        // Real phantoms of a test seed: the measure stays a share, and the generator's nodules span the groups
        // the diagnosis reports (nodules on the vessel tree exist; most are free of it).
        var generator = new ChestCtGenerator(ChestCtStyle.Standard);
        var shares = Enumerable.Range(0, 8).Select(i => generator.Generate(9201, i)).SelectMany(p => p.Nodules.Select(n => NoduleContact.Of(p, n))).ToList();
        Assert.True(shares.Count >= 8, $"{shares.Count} nodules");
        Assert.All(shares, s => Assert.InRange(s, 0, 1));
        Assert.Contains(shares, s => s < 0.02);
        Assert.Contains(shares, s => s >= NoduleContact.AttachedShare);
    }

    private enum Surroundings
    {
        None,
        ThinVessel,
        Slab,
    }

    private static ChestCtNodule Nodule(NoduleKind kind) => new(1, 20, 20, 20, 8, kind);

    private static ChestCtPhantom Phantom(Surroundings surroundings)
    {
        const int n = 40;
        var hu = new float[n * n * n];
        var mask = new byte[hu.Length];
        for (var z = 0; z < n; z++)
        {
            for (var y = 0; y < n; y++)
            {
                for (var x = 0; x < n; x++)
                {
                    var i = (((z * n) + y) * n) + x;
                    var r = Math.Sqrt(((x - 20.0) * (x - 20.0)) + ((y - 20.0) * (y - 20.0)) + ((z - 20.0) * (z - 20.0)));
                    var vessel = surroundings == Surroundings.ThinVessel && x > 20 && ((y - 20.0) * (y - 20.0)) + ((z - 20.0) * (z - 20.0)) <= 1;
                    var slab = surroundings == Surroundings.Slab && y >= 24;
                    mask[i] = r <= 4 ? (byte)1 : (byte)0;
                    hu[i] = r <= 4 || vessel || slab ? 40 : -850;
                }
            }
        }

        return new ChestCtPhantom
        {
            Id = "contact",
            PatientKey = "contact",
            Generator = "test",
            Columns = n,
            Rows = n,
            Slices = n,
            PixelSpacing = 1,
            SliceSpacing = 1,
            SliceThickness = 1,
            Origin = (0, 0, 0),
            Hu = hu,
            NoduleMask = mask,
            Nodules = [Nodule(NoduleKind.Solid)],
            NoiseHu = 0,
        };
    }
}
