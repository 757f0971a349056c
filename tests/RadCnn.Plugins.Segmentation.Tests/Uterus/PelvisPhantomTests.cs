using RadCnn.Dicom;
using RadCnn.Plugins.Segmentation.Data;
using RadCnn.TestSupport;
using RadCnn.Training.Phantoms.PelvisMr;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>The pelvic MR phantom from the CLI: dciodvfy-clean MR and SEG, and the SEG decodes (pydicom and RadCnn) to exactly the generator's labels, sagittal or axial.</summary>
[Collection(PelvisPhantomCollection.Name)]
public sealed class PelvisPhantomTests(PelvisPhantomFixture phantoms)
{
    [Fact]
    public void MrSlicesAndGroundTruthSegPassDciodvfy()
    {
        for (var i = 0; i < 2; i++)
        {
            Dciodvfy.AssertClean(Directory.GetFiles(phantoms.MrFolder(i), "*.dcm").Order(StringComparer.Ordinal).First());
            Dciodvfy.AssertClean(phantoms.SegPath(i));
        }
    }

    [Fact]
    public void GroundTruthSegDecodedByPydicomAndByRadCnnEqualsTheGeneratorsLabels()
    {
        var generator = new PelvisMrGenerator();
        var orientations = new HashSet<bool>();
        for (var i = 0; i < PelvisPhantomFixture.Count; i++)
        {
            var phantom = generator.Generate(PelvisPhantomFixture.Seed, i);
            orientations.Add(phantom.Grid.IsSagittal);
            using var dir = new TempDirectory("radcnn-uterus-labels");
            var pydicom = PydicomSeg.Labels(phantoms.SegPath(i), phantoms.MrFolder(i), dir.Combine("labels.bin"));
            var expected = phantom.Labels.Select(l => (byte)(l == 2 ? 3 : l)).ToArray();
            Assert.True(expected.SequenceEqual(pydicom), $"case {i}: pydicom's masks differ from the generator's in {expected.Zip(pydicom).Count(p => p.First != p.Second)} voxels");

            var files = Directory.GetFiles(phantoms.MrFolder(i), "*.dcm").Select(p => DicomFile.Open(p)).ToList();
            var radcnn = LabelledMrFolder.Read(files, DicomFile.Open(phantoms.SegPath(i)).Dataset, "case");
            Assert.Equal(phantom.Labels.Select(l => l >= 1), radcnn.Uterus);
            Assert.Equal(phantom.Labels.Select(l => l == 2), radcnn.Tumour);
            Assert.Equal(phantom.Pixels, radcnn.Voxels);
        }

        Assert.Equal(2, orientations.Count);
    }
}
