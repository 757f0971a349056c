using RadCnn.TestSupport;

namespace RadCnn.Plugins.Segmentation.Tests;

/// <summary>
/// Reads a SEG with pydicom (its own pixel-data decoder) and places every frame by its segment number
/// and referenced source instance over the source slices sorted by position along the slice normal, writing one byte per voxel:
/// 0 outside, bit 1 for segment 1, bit 2 for segment 2.
/// </summary>
internal static class PydicomSeg
{
    public static byte[] Labels(string segPath, string ctFolder, string outputPath)
    {
        var py = Peers.RunPython(
            """
            import sys, glob, pydicom, numpy as np
            seg = pydicom.dcmread(sys.argv[1])
            cts = [pydicom.dcmread(p, stop_before_pixels=True) for p in glob.glob(sys.argv[2] + '/*.dcm')]
            def along_normal(d):
                o = [float(v) for v in d.ImageOrientationPatient]
                n = np.cross(o[:3], o[3:])
                return float(np.dot([float(v) for v in d.ImagePositionPatient], n))
            cts.sort(key=along_normal)
            index = {d.SOPInstanceUID: i for i, d in enumerate(cts)}
            frames = seg.pixel_array
            if frames.ndim == 2:
                frames = frames[None]
            labels = np.zeros((len(cts), int(seg.Rows), int(seg.Columns)), np.uint8)
            for f, group in enumerate(seg.PerFrameFunctionalGroupsSequence):
                number = int(group.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
                uid = group.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
                labels[index[uid]] |= (frames[f] > 0).astype(np.uint8) * (1 << (number - 1))
            labels.tofile(sys.argv[3])
            print(seg.NumberOfFrames, len(seg.SegmentSequence))
            """,
            segPath,
            ctFolder,
            outputPath);
        Assert.True(py.ExitCode == 0, py.Combined);
        return File.ReadAllBytes(outputPath);
    }
}
