using RadCnn.Dicom;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.Training.Phantoms.AbdomenCt;
using RadCnn.TestSupport;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>The abdominal CT phantom: dciodvfy-clean CT and SEG, and the SEG decodes (pydicom and RadCnn) to exactly the generator's labels.</summary>
[Collection(PhantomCollection.Name)]
public sealed class PhantomTests(PhantomFolderFixture phantoms)
{
    [Fact]
    public void CtSlicesAndGroundTruthSegPassDciodvfy()
    {
        Dciodvfy.AssertClean(Directory.GetFiles(phantoms.CtFolder(0), "*.dcm").Order(StringComparer.Ordinal).First());
        Dciodvfy.AssertClean(phantoms.SegPath(0));
    }

    [Fact]
    public void GroundTruthSegDecodedByPydicomAndByRadCnnEqualsTheGeneratorsLabels()
    {
        var phantom = new AbdomenCtGenerator().Generate(PhantomFolderFixture.Seed, 0);
        using var dir = new TempDirectory("radcnn-seg-labels");
        var pydicom = PydicomSeg.Labels(phantoms.SegPath(0), phantoms.CtFolder(0), dir.Combine("labels.bin"));
        var expected = phantom.Labels.Select(l => (byte)(l == 2 ? 3 : l)).ToArray();
        Assert.Equal(expected.Length, pydicom.Length);
        Assert.True(expected.SequenceEqual(pydicom), $"pydicom's masks differ from the generator's in {expected.Zip(pydicom).Count(p => p.First != p.Second)} voxels");
        Assert.Contains((byte)3, expected);

        var files = Directory.GetFiles(phantoms.CtFolder(0), "*.dcm").Select(p => DicomFile.Open(p)).ToList();
        var radcnn = LabelledCtFolder.Read(files, DicomFile.Open(phantoms.SegPath(0)).Dataset, "case0");
        Assert.Equal(phantom.Labels.Select(l => l >= 1), radcnn.Liver);
        Assert.Equal(phantom.Labels.Select(l => l == 2), radcnn.Masses);
        Assert.Equal(phantom.Hu, radcnn.Hu.Values);
    }

    [Fact]
    public void SpacingAndAnatomyVaryFromCaseToCase()
    {
        var generator = new AbdomenCtGenerator();
        var cases = Enumerable.Range(0, 3).Select(i => generator.Generate(PhantomFolderFixture.Seed, i)).ToList();
        Assert.True(cases.Select(c => c.Grid.PixelSpacing).Distinct().Count() > 1);
        Assert.True(cases.Select(c => c.Grid.SliceSpacing).Distinct().Count() > 1);
        Assert.True(cases.Select(c => Math.Round(c.LiverVolumeMl)).Distinct().Count() == 3);
        Assert.All(cases, c => Assert.InRange(c.LiverVolumeMl, 600, 3500));
        Assert.All(cases.SelectMany(c => c.Masses), m => Assert.InRange(m.DiameterMm, 5, 60));
    }

    /// <summary>A noise scale keeps the case (grid, labels, noise pattern) and scales only its noise: read at three levels, the differences are in proportion.</summary>
    [Fact]
    public void NoiseScaleKeepsTheCaseAndScalesItsNoise()
    {
        var levels = new[] { 1.0, 0.5, 0.25 }.Select(f => new AbdomenCtGenerator { NoiseScale = f }.Generate(PhantomFolderFixture.Seed, 1)).ToList();
        Assert.All(levels, c => Assert.Equal(levels[0].Labels, c.Labels));
        Assert.All(levels, c => Assert.Equal((levels[0].Grid.PixelSpacing, levels[0].Grid.SliceSpacing, levels[0].Grid.SliceThickness), (c.Grid.PixelSpacing, c.Grid.SliceSpacing, c.Grid.SliceThickness)));
        Assert.All(levels, c => Assert.Equal(levels[0].Grid.Origin, c.Grid.Origin));
        Assert.All(levels, c => Assert.Equal(levels[0].Masses.Count, c.Masses.Count));

        // hu(F) = anatomy + F * noise, rounded to whole HU: hu(1) - hu(0.5) is half the noise, hu(0.5) - hu(0.25) a quarter.
        var inside = Enumerable.Range(0, levels[0].Hu.Length).Where(i => levels[0].Labels[i] >= 1).ToArray();
        var half = inside.Select(i => (double)(levels[0].Hu[i] - levels[1].Hu[i])).ToArray();
        var quarter = inside.Select(i => (double)(levels[1].Hu[i] - levels[2].Hu[i])).ToArray();
        var sdHalf = StandardDeviation(half);
        var sdQuarter = StandardDeviation(quarter);
        Assert.InRange(sdHalf, 3, 12);
        Assert.InRange(sdHalf / sdQuarter, 1.8, 2.2);
        Assert.InRange(Math.Abs(half.Average()), 0, 0.5);

        Assert.Throws<ArgumentException>(() => new AbdomenCtGenerator { NoiseScale = 0 });
        Assert.Throws<ArgumentException>(() => new AbdomenCtGenerator { NoiseScale = 4.5 });
        Assert.Throws<ArgumentException>(() => new AbdomenCtGenerator { NoiseScale = double.NaN });
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
