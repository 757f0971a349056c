using System.Globalization;
using System.Text.Json;
using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Dicom.Iods;
using RadCnn.TestSupport;
using RadCnn.Training.Inference;
using RadCnn.Training.Phantoms.AbdomenCt;

namespace RadCnn.Training.Tests.Inference;

/// <summary>
/// The kit's volume path on a small abdominal CT phantom whose instances arrive out of order: the series
/// volume pairs each slice with its own instance, and the segmentation writer's SEG, SR and key image
/// pass dciodvfy, pydicom reads from the SEG exactly the masks written against the right instances and
/// from the SR the measurements, and result.json names the objects written.
/// </summary>
public sealed class SegmentationResultWriterTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 5, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SegReportAndKeyImageAgreeWithTheMasksAndReferenceTheRightInstances()
    {
        var phantom = new AbdomenCtGenerator(size: 64, slices: 12).Generate(7, 0);
        var slices = AbdomenCtDicomWriter.Slices(phantom, "abdomen-ct", 7, 0, Created);
        var series = Series(slices, withSources: true);
        var (read, refusal) = await SeriesVolume.ReadAsync(series, CancellationToken.None);
        Assert.Null(refusal);
        var volume = read!.Volume;
        var plane = volume.Rows * volume.Columns;

        // Masks in the volume's order: slice s holds the labels of the instance it came from.
        var liver = new bool[volume.Voxels.Length];
        var mass = new bool[volume.Voxels.Length];
        for (var s = 0; s < volume.Slices; s++)
        {
            var k = IndexOf(slices, read.Sources[s]);
            for (var i = 0; i < plane; i++)
            {
                liver[(s * plane) + i] = phantom.Labels[(k * plane) + i] >= 1;
                mass[(s * plane) + i] = phantom.Labels[(k * plane) + i] == 2;
            }
        }

        Assert.Contains(true, mass);
        var massSlice = MaskGeometry.KeySlice(mass, volume.Slices, plane);
        var centre = MaskGeometry.Centre(mass, volume.Rows, volume.Columns);
        var liverMl = Math.Round(liver.Count(b => b) * volume.Spacing.X * volume.Spacing.Y * volume.Spacing.Z / 1000, 1);
        var robustness = new RobustnessReport(0.02, false, null, 0.9, false);
        var writer = new SegmentationResultWriter(new AlgorithmIdentity("kit.test", "1.0.0"), new FixedTime(Created)) { SegmentationDescription = "AI test segmentation" };
        var result = writer.Write(read, new VolumeSegmentation
        {
            Segments = [new SegmentMask(AbdomenCtDicomWriter.LiverSegment, liver) { Outline = 0.5f }, new SegmentMask(AbdomenCtDicomWriter.MassSegment, mass)],
            Findings =
            [
                new SegmentFinding(ResultCodes.Liver, "Liver", 0.97)
                {
                    Robustness = robustness,
                    Measurements = [new ReportMeasurement(ResultCodes.Volume, liverMl, ResultCodes.Milliliter)],
                    KeySlice = MaskGeometry.KeySlice(liver, volume.Slices, plane),
                },
                new SegmentFinding(ResultCodes.Mass, "Liver mass 1", 1.4) { Meaning = "Liver mass", KeySlice = massSlice, Centre = centre },
            ],
            Measurements = [new Measurement("liver volume", liverMl, "mL")],
            Summary = "liver and one mass",
            KeySlice = massSlice,
            Caption = "TEST",
            Details = objects => new { liverVolumeMl = liverMl, objects },
        });

        Assert.Equal(PluginResultStatus.Succeeded, result.Status);
        Assert.Equal("liver and one mass", result.Message);
        Assert.Equal(["Liver", "Liver mass"], result.Findings.Select(f => f.Meaning));
        Assert.Equal(1.0, result.Findings[1].Probability); // clamped
        Assert.Equal("SCT", result.Findings[0].CodingScheme);
        Assert.Same(robustness, result.Findings[0].Robustness);
        Assert.Null(result.Findings[0].Location);
        Assert.Equal(volume.ToPatient(centre.Column, centre.Row, centre.Slice), result.Findings[1].Location);
        Assert.Equal(["SEG", "SR", "OT"], result.DicomObjects.Select(d => d.GetString(DicomTag.Modality)));
        Assert.Equal(["segmentation.png", "key-image.png", "result.json"], result.Files.Select(f => f.Name));

        using var dir = new TempDirectory("radcnn-kit-seg");
        var paths = result.DicomObjects.Select((d, i) => dir.Combine($"object-{i}.dcm")).ToArray();
        foreach (var (ds, path) in result.DicomObjects.Zip(paths))
        {
            new DicomFile(ds).Save(path);
            AssertDciodvfyClean(path);
        }

        // pydicom: every frame's source instance and segment, and its voxel count, against the masks written.
        var py = Peers.RunPython(
            """
            import sys, numpy, pydicom
            seg = pydicom.dcmread(sys.argv[1])
            frames = seg.pixel_array.reshape(-1, seg.Rows, seg.Columns)
            for i, f in enumerate(seg.PerFrameFunctionalGroupsSequence):
                uid = f.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
                number = f.SegmentIdentificationSequence[0].ReferencedSegmentNumber
                print(uid, number, int(numpy.count_nonzero(frames[i])))
            sr = pydicom.dcmread(sys.argv[2])
            def walk(items):
                for item in items:
                    for m in getattr(item, "MeasuredValueSequence", []):
                        print("measured", m.NumericValue)
                    walk(getattr(item, "ContentSequence", []))
            walk(sr.ContentSequence)
            """,
            paths[0],
            paths[1]);
        Assert.True(py.ExitCode == 0, py.Combined);
        var lines = py.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var expected = new List<string>();
        for (var s = 0; s < volume.Slices; s++)
        {
            var uid = read.Sources[s].GetString(DicomTag.SOPInstanceUID);
            foreach (var (mask, number) in new[] { (liver, 1), (mass, 2) })
            {
                var count = mask.AsSpan(s * plane, plane).Count(true);
                if (count > 0)
                {
                    expected.Add(string.Create(CultureInfo.InvariantCulture, $"{uid} {number} {count}"));
                }
            }
        }

        Assert.Equal(expected.Order(), lines.Where(l => !l.StartsWith("measured", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal)).Order());
        Assert.Contains(lines, l => l.StartsWith("measured", StringComparison.Ordinal) && double.Parse(l[9..], CultureInfo.InvariantCulture) == liverMl);

        using var json = JsonDocument.Parse(result.Files[2].Content.ToArray());
        var objects = json.RootElement.GetProperty("objects");
        Assert.Equal(liverMl, json.RootElement.GetProperty("liverVolumeMl").GetDouble());
        Assert.Equal(result.DicomObjects.Select(d => d.GetString(DicomTag.SOPInstanceUID)),
            new[] { "segmentation", "report", "keyImage" }.Select(n => objects.GetProperty(n).GetString()));
    }

    [Fact]
    public async Task AVolumeWithoutSliceSourcesIsPairedByPositionAlongTheNormal()
    {
        var phantom = new AbdomenCtGenerator(size: 32, slices: 6).Generate(3, 0);
        var slices = AbdomenCtDicomWriter.Slices(phantom, "abdomen-ct", 3, 0, Created);
        var (read, _) = await SeriesVolume.ReadAsync(Series(slices, withSources: false), CancellationToken.None);
        var z = read!.Sources.Select(d => d.GetValues<double>(DicomTag.ImagePositionPatient)[2]).ToList();
        Assert.Equal(z.Order(), z);
        Assert.Equal(slices.Count, z.Count);
    }

    [Fact]
    public async Task UndecodablePixelsAndAVolumeThatDoesNotMatchItsInstancesAreRefused()
    {
        var phantom = new AbdomenCtGenerator(size: 32, slices: 6).Generate(3, 0);
        var slices = AbdomenCtDicomWriter.Slices(phantom, "abdomen-ct", 3, 0, Created);
        var failing = Series(slices, withSources: false) with { Volumes = new ThrowingSource() };
        var (none, refusal) = await SeriesVolume.ReadAsync(failing, CancellationToken.None);
        Assert.Null(none);
        Assert.Equal(PluginResultStatus.NotApplicable, refusal!.Status);
        Assert.StartsWith("refused: the pixel data cannot be decoded (no codec for this transfer syntax)", refusal.Message, StringComparison.Ordinal);

        var extra = Series(slices, withSources: false) with { Instances = [.. slices, slices[0]] };
        (none, refusal) = await SeriesVolume.ReadAsync(extra, CancellationToken.None);
        Assert.Null(none);
        Assert.Equal("refused: the volume has 6 slices for 7 instances (inconsistent geometry)", refusal!.Message);

        // Without the volume's record and without positions, slices cannot be paired with instances.
        var unplaced = slices.Select(d => d.Clone()).ToList();
        unplaced[2].Remove(DicomTag.ImagePositionPatient);
        (none, refusal) = await SeriesVolume.ReadAsync(Series(slices, withSources: false) with { Instances = unplaced }, CancellationToken.None);
        Assert.Null(none);
        Assert.StartsWith("refused: the volume does not say which instance each slice came from", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaskGeometryFindsTheLargestSliceTheCentreAndTheOutline()
    {
        // 3 slices of 4x4: slice 1 holds a 3x3 square at rows/columns 0-2, slice 2 one voxel at (3, 3).
        var mask = new bool[3 * 16];
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 3; x++)
            {
                mask[16 + (y * 4) + x] = true;
            }
        }

        mask[32 + 15] = true;
        Assert.Equal(1, MaskGeometry.KeySlice(mask, 3, 16));
        Assert.Equal(0, MaskGeometry.KeySlice(new bool[48], 3, 16));
        var (column, row, slice) = MaskGeometry.Centre(mask, 4, 4);
        Assert.Equal((12.0 / 10, 12.0 / 10, 11.0 / 10), (column, row, slice));
        var outline = MaskGeometry.Outlines([(mask, 0.5f)], 4, 4, 1);
        // Every square voxel is an edge except the centre (1, 1).
        Assert.Equal(0f, outline[5]);
        Assert.Equal(8, outline.Count(v => v == 0.5f));
    }

    private static ImageSeriesWorkItem Series(IReadOnlyList<DicomDataset> slices, bool withSources)
    {
        // The host's volume: slices sorted by position, each with its instance; the instances arrive reversed.
        var sorted = slices.OrderBy(d => d.GetValues<double>(DicomTag.ImagePositionPatient)[2]).ToList();
        var first = sorted[0];
        var spacing = first.GetValues<double>(DicomTag.PixelSpacing);
        var origin = first.GetValues<double>(DicomTag.ImagePositionPatient);
        var dz = sorted[1].GetValues<double>(DicomTag.ImagePositionPatient)[2] - origin[2];
        var volume = new ImageVolume(SourcePixels.ModalityVolume([.. sorted.Select(d => new DicomFile(d))]), first.GetSingleValue<int>(DicomTag.Columns), first.GetSingleValue<int>(DicomTag.Rows), sorted.Count,
            new Vector3D(spacing[1], spacing[0], dz), new Vector3D(origin[0], origin[1], origin[2]), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0))
        {
            Unit = "HU",
            SliceSources = withSources ? [.. sorted.Select(d => SliceSource.Of(d))] : [],
        };
        return new ImageSeriesWorkItem
        {
            Id = "kit-test",
            StudyInstanceUid = first.GetString(DicomTag.StudyInstanceUID),
            SeriesInstanceUid = first.GetString(DicomTag.SeriesInstanceUID),
            Modality = "CT",
            Instances = [.. slices.Reverse()],
            Volumes = IImageVolumeSource.FromVolume(volume),
        };
    }

    private static int IndexOf(IReadOnlyList<DicomDataset> slices, DicomDataset instance)
    {
        for (var k = 0; k < slices.Count; k++)
        {
            if (ReferenceEquals(slices[k], instance))
            {
                return k;
            }
        }

        throw new InvalidOperationException("not a slice of the series");
    }

    private static void AssertDciodvfyClean(string path)
    {
        var result = Peers.Run(Peers.Require("dciodvfy", "dicom3tools"), [path]);
        var lines = (result.StandardOutput + "\n" + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(!lines.Any(l => l.StartsWith("Error", StringComparison.Ordinal)), $"dciodvfy reported errors for {Path.GetFileName(path)}:\n{string.Join('\n', lines)}");
    }

    private sealed class ThrowingSource : IImageVolumeSource
    {
        public ValueTask<ImageVolume> GetVolumeAsync(CancellationToken cancellationToken) => throw new NotSupportedException("no codec for this transfer syntax");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
