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
}
