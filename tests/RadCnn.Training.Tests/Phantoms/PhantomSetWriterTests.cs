using RadCnn.Training.Phantoms;
using RadCnn.TestSupport;

namespace RadCnn.Training.Tests.Phantoms;

public class PhantomSetWriterTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Created;
    }

    [Fact]
    public void Phantoms_are_written_as_dx_dicom_that_pydicom_reads_pixel_for_pixel()
    {
        using var dir = new TempDirectory();
        var generator = new ChestRadiographGenerator(size: 64);
        var cases = PhantomSetWriter.Write(generator, 4, 9, dir.Path, new FixedTime());

        var result = Peers.RunPython(
            """
            import sys, pydicom
            d = pydicom.dcmread(sys.argv[1])
            a = d.pixel_array
            print(d.Modality, d.SOPClassUID, d.PhotometricInterpretation, d.Rows, d.Columns, d.BitsStored, d.PixelSpacing[0], d.ViewPosition, int(a.sum()), int(a[10, 20]))
            """,
            Path.Combine(dir.Path, "images", cases[1].Id + ".dcm"));

        Assert.True(result.ExitCode == 0, result.Combined);
        var expected = $"DX 1.2.840.10008.5.1.4.1.1.1.1 MONOCHROME2 64 64 12 6.71875 PA {cases[1].Pixels.Sum(p => (long)p)} {cases[1].Pixels[(10 * 64) + 20]}";
        Assert.Equal(expected, result.StandardOutput.Trim());
    }

    [Fact]
    public void Dciodvfy_finds_no_error_in_a_phantom()
    {
        var dciodvfy = Peers.Require("dciodvfy", "dicom3tools");
        using var dir = new TempDirectory();
        var cases = PhantomSetWriter.Write(new ChestRadiographGenerator(size: 32), 2, 1, dir.Path, new FixedTime());

        var result = Peers.Run(dciodvfy, [Path.Combine(dir.Path, "images", cases[0].Id + ".dcm")]);
        Assert.Contains("DXImageForPresentation", result.Combined);
        Assert.DoesNotContain("Error", result.Combined);
    }

    [Fact]
    public void Labels_masks_and_lesions_are_written_beside_the_images_and_repeat_with_the_seed()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var generator = new ChestRadiographGenerator(size: 32);
        var cases = PhantomSetWriter.Write(generator, 6, 3, first.Path, new FixedTime());
        PhantomSetWriter.Write(generator, 6, 3, second.Path, new FixedTime());

        var labels = File.ReadAllLines(Path.Combine(first.Path, "labels.csv"));
        Assert.Equal("sop_instance_uid,file,label,mask", labels[0]);
        Assert.Equal(7, labels.Length);
        Assert.All(cases, c => Assert.True(File.Exists(Path.Combine(first.Path, "masks", c.Id + ".png"))));
        Assert.Contains("\"kind\"", File.ReadAllText(Path.Combine(first.Path, "lesions.json")), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(first.Path, "images", cases[2].Id + ".dcm")), File.ReadAllBytes(Path.Combine(second.Path, "images", cases[2].Id + ".dcm")));
        Assert.Equal(labels, File.ReadAllLines(Path.Combine(second.Path, "labels.csv")));
    }
}
