using RadCnn.Plugins.Classification.Preprocessing;
using RadCnn.Plugins.Classification.Training;
using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>
/// The training distribution's answer to what validation scans showed the networks missing: nodules
/// attached to a vessel and perifissural ones get more shifted copies of their centre than free ones.
/// </summary>
public sealed class HardNoduleSamplesTests
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
    public void AttachedAndPerifissuralNodulesGetMoreCopies()
    {
        Assert.Equal([CandidateSamples.ShiftedCopies], CandidateSamples.CopiesFor(Phantom(Surroundings.ThinVessel)));
        Assert.Equal([CandidateSamples.HardShiftedCopies], CandidateSamples.CopiesFor(Phantom(Surroundings.Slab)));
        Assert.Equal([CandidateSamples.HardShiftedCopies], CandidateSamples.CopiesFor(Phantom(Surroundings.None, NoduleKind.Perifissural)));
        Assert.True(CandidateSamples.HardShiftedCopies > CandidateSamples.ShiftedCopies);
    }

    [Fact]
    public void TrainingSamplesOfGeneratedScansFollowTheCopies()
    {
        // Real phantoms of a test seed: every nodule's centre plus its copies, all labelled by the nodule's class,
        // within ±2 mm of the centre, and both kinds of nodule (hard and not) among them.
        var generator = new ChestCtGenerator(ChestCtStyle.Standard);
        var seen = new HashSet<int>();
        for (var i = 0; i < 6; i++)
        {
            var phantom = generator.Generate(9201, i);
            var copies = CandidateSamples.CopiesFor(phantom);
            var samples = CandidateSamples.FromScan(CtVolume.From(phantom), CandidateSamples.Truth(phantom), phantom.Id, phantom.PatientKey, threeD: true, seed: 1, shiftedCopies: copies);
            foreach (var (nodule, n) in phantom.Nodules.Select((x, n) => (x, n)))
            {
                var own = samples.Where(s => s.Id == $"{phantom.Id}/n{n}" || s.Id.StartsWith($"{phantom.Id}/n{n}j", StringComparison.Ordinal)).ToList();
                Assert.Equal(copies[n] + 1, own.Count);
                Assert.All(own, s => Assert.Equal(nodule.Malignant ? 2 : 1, s.Label));
                seen.Add(copies[n]);
            }
        }

        Assert.Equal([CandidateSamples.ShiftedCopies, CandidateSamples.HardShiftedCopies], seen.Order());
    }

    private enum Surroundings
    {
        None,
        ThinVessel,
        Slab,
    }

    private static ChestCtNodule Nodule(NoduleKind kind) => new(1, 20, 20, 20, 8, kind);

    private static ChestCtPhantom Phantom(Surroundings surroundings, NoduleKind kind = NoduleKind.Solid)
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
            Nodules = [Nodule(kind)],
            NoiseHu = 0,
        };
    }
}
