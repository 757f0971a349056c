using RadCnn.Plugins.Segmentation.Analysis;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Plugins.Segmentation.Training;
using RadCnn.Plugins.Segmentation.Volumes;
using RadCnn.Training.Data;

namespace RadCnn.Plugins.Segmentation.Tests.Training;

public sealed class SmallMassInsertionTests
{
    private const int Size = 48;
    private const double Spacing = 1.5;

    /// <summary>
    /// A 60 mm cube of liver (100 HU, with a 2 HU-per-voxel texture) holding one mass (a 12 mm cube at 40 HU), inside a
    /// body at 0 HU: three inserted masses land in the liver only, away from the mass already there, each a separate
    /// 10-20 mm piece (equivalent sphere 8-24 mm after the ellipsoid's random radii and the grid) whose fully inside
    /// voxels differ from the original by one contrast the phantom draws (−70 to −30 or +30 to +60 HU), keeping the texture.
    /// </summary>
    [Fact]
    public void MassesLandInTheLiverApartFromTheOthersWithThePhantomsContrast()
    {
        var ct = Case();
        var inserted = SmallMassInsertion.Insert(ct, 3, new Random(5));

        Assert.NotSame(ct.Hu.Values, inserted.Hu.Values);
        Assert.Equal(Case().Hu.Values, ct.Hu.Values);
        Assert.Equal(Case().Masses, ct.Masses);
        Assert.Equal(ct.Liver, inserted.Liver);
        for (var i = 0; i < ct.Liver.Length; i++)
        {
            if (!ct.Liver[i])
            {
                Assert.Equal(ct.Hu.Values[i], inserted.Hu.Values[i]);
                Assert.False(inserted.Masses[i]);
            }

            if (ct.Masses[i])
            {
                Assert.True(inserted.Masses[i]);
                Assert.Equal(ct.Hu.Values[i], inserted.Hu.Values[i]);
            }
        }

        var added = inserted.Masses.Select((m, i) => m && !ct.Masses[i]).ToArray();
        var (labels, sizes) = ConnectedComponents.Label(added, Size, Size, Size);
        Assert.Equal(3, sizes.Count);
        foreach (var voxels in sizes)
        {
            var diameter = Math.Cbrt(6 * voxels * Spacing * Spacing * Spacing / Math.PI);
            Assert.InRange(diameter, 8, 24);
        }

        // Each piece keeps clear of the original mass (the 3 mm gap is kept from its drawn radius; a surface voxel may reach half a voxel past it).
        var (original, _) = ConnectedComponents.Label(Dilate(ct.Masses, 1), Size, Size, Size);
        Assert.All(Enumerable.Range(0, added.Length).Where(i => added[i]), i => Assert.Equal(0, original[i]));

        for (var k = 1; k <= sizes.Count; k++)
        {
            var differences = Enumerable.Range(0, labels.Length)
                .Where(i => labels[i] == k && Interior(labels, i, k))
                .Select(i => inserted.Hu.Values[i] - ct.Hu.Values[i])
                .ToList();
            Assert.NotEmpty(differences);
            Assert.True(differences.Max() - differences.Min() < 1e-3, "one contrast over a mass's interior");
            Assert.True(differences[0] is >= -70 and <= -30 or >= 30 and <= 60, $"contrast {differences[0]}");
        }
    }

    [Fact]
    public void TheSameSeedPaintsTheSameMassesAndNoneLeavesTheCaseAsItWas()
    {
        var ct = Case();
        Assert.Equal(SmallMassInsertion.Insert(ct, 2, new Random(9)).Hu.Values, SmallMassInsertion.Insert(ct, 2, new Random(9)).Hu.Values);
        Assert.NotEqual(SmallMassInsertion.Insert(ct, 2, new Random(9)).Hu.Values, SmallMassInsertion.Insert(ct, 2, new Random(10)).Hu.Values);
        Assert.Same(ct, SmallMassInsertion.Insert(ct, 0, new Random(9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SmallMassInsertion.Insert(ct, -1, new Random(9)));
    }

    /// <summary>Only the training split's cases change: the cases that pick the kept epoch and the test cases are the phantoms as drawn.</summary>
    [Fact]
    public void OnlyTrainingCasesGetMasses()
    {
        var cases = Enumerable.Range(0, 12).Select(k => Case() with { Id = $"case-{k}" }).ToList();
        var split = new SplitFractions(0.25, 0.25);
        var result = CtSegmentationRecipeBase.WithInsertedMasses(cases, 2, split, 4);
        var sets = PatientSplit.Assign(cases.Select(c => c.Id), split, 4);
        Assert.Contains(DataSplit.Train, sets.Values);
        Assert.Contains(DataSplit.Validation, sets.Values);
        for (var k = 0; k < cases.Count; k++)
        {
            var extra = result[k].Masses.Count(m => m) - cases[k].Masses.Count(m => m);
            if (sets[cases[k].Id] == DataSplit.Train)
            {
                Assert.True(extra > 0, $"{cases[k].Id} got no mass");
            }
            else
            {
                Assert.Same(cases[k], result[k]);
            }
        }

        Assert.Same(cases, CtSegmentationRecipeBase.WithInsertedMasses(cases, 0, split, 4));
    }

    [Fact]
    public void OnlyTheInsertedCandidatePaintsMasses()
    {
        Assert.Equal(0, new LiverMassRecipe().InsertedSmallMasses);
        var inserted = new LiverMassInsertedRecipe();
        Assert.Equal(3, inserted.InsertedSmallMasses);
        Assert.Equal(new LiverMassRecipe().Phantoms, inserted.Phantoms);
        Assert.Equal(new LiverMassRecipe().Defaults.Loss, inserted.Defaults.Loss);
        Assert.Equal(2 * new LiverMassRecipe().Phantoms, new LiverMassMoreCasesRecipe().Phantoms);
        Assert.Equal(0, new LiverMassMoreCasesRecipe().InsertedSmallMasses);
    }

    [Fact]
    public void TheManyCasesCandidateTakesAsManyStepsOnTwiceThePhantoms()
    {
        var more = new LiverMassMoreCasesRecipe();
        var many = new LiverMassManyCasesRecipe();
        Assert.Equal(4 * new LiverMassRecipe().Phantoms, many.Phantoms);
        Assert.Equal(more.Phantoms * more.Defaults.Epochs, many.Phantoms * many.Defaults.Epochs);
        Assert.Equal(more.Defaults with { Epochs = many.Defaults.Epochs }, many.Defaults);
        Assert.Equal(0, many.InsertedSmallMasses);
    }

    private static LabelledCt Case()
    {
        var n = Size * Size * Size;
        var hu = new float[n];
        var liver = new bool[n];
        var masses = new bool[n];
        for (var z = 0; z < Size; z++)
        {
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    var i = (((z * Size) + y) * Size) + x;
                    var inLiver = z is >= 4 and < 44 && y is >= 4 and < 44 && x is >= 4 and < 44;
                    var inMass = z is >= 8 and < 16 && y is >= 8 and < 16 && x is >= 8 and < 16;
                    liver[i] = inLiver;
                    masses[i] = inMass;
                    hu[i] = inMass ? 40 : inLiver ? 100 + (2 * ((x + y + z) % 3)) : 0;
                }
            }
        }

        return new LabelledCt("case", new CtVolume(hu, Size, Size, Size, Spacing, Spacing, Spacing), liver, masses);
    }

    private static bool Interior(int[] labels, int i, int k)
    {
        var (z, y, x) = (i / (Size * Size), (i / Size) % Size, i % Size);
        for (var dz = -2; dz <= 2; dz++)
        {
            for (var dy = -2; dy <= 2; dy++)
            {
                for (var dx = -2; dx <= 2; dx++)
                {
                    var (a, b, c) = (z + dz, y + dy, x + dx);
                    if (a < 0 || b < 0 || c < 0 || a >= Size || b >= Size || c >= Size || labels[(((a * Size) + b) * Size) + c] != k)
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static bool[] Dilate(bool[] mask, int radius)
    {
        var result = new bool[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i])
            {
                continue;
            }

            var (z, y, x) = (i / (Size * Size), (i / Size) % Size, i % Size);
            for (var dz = -radius; dz <= radius; dz++)
            {
                for (var dy = -radius; dy <= radius; dy++)
                {
                    for (var dx = -radius; dx <= radius; dx++)
                    {
                        var (a, b, c) = (z + dz, y + dy, x + dx);
                        if (a >= 0 && b >= 0 && c >= 0 && a < Size && b < Size && c < Size)
                        {
                            result[(((a * Size) + b) * Size) + c] = true;
                        }
                    }
                }
            }
        }

        return result;
    }
}
