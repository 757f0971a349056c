using System.Text.Json;
using RadCnn.Dicom.Imaging;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Imaging;

/// <summary>
/// Pixel values of every pydicom test file against pydicom's own pixel_array: every frame of every
/// native and RLE Lossless file, stored values and after apply_modality_lut; every other compressed
/// file refused, the message naming the syntax as pydicom names it.
/// Adjustment on pydicom's side: pydicom 2.x leaves the bits above Bits Stored as they are in the
/// file; the script masks them and sign-extends signed values (what PS3.5 8.1.1 says the stored
/// value is, and what pydicom 3 does), so both sides compare the same quantity.
/// Exclusions: files pydicom itself cannot read or decode (no pixel data, truncated, badVR) are
/// skipped, and listed by the script with pydicom's reason.
/// </summary>
public sealed class PydicomPixelTests
{
    private const string Script = """
import json, os, sys, warnings
warnings.simplefilter('ignore')
import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut
from pydicom.uid import RLELossless
folder, out = sys.argv[1], sys.argv[2]
NATIVE = ('1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99')
manifest = {}
for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    if not os.path.isfile(path) or not name.endswith('.dcm'):
        continue
    entry = {}
    manifest[name] = entry
    try:
        ds = pydicom.dcmread(path)
    except Exception as e:
        entry['skip'] = 'pydicom cannot read it: %s' % type(e).__name__
        continue
    if not any(k in ds for k in ('PixelData', 'FloatPixelData', 'DoubleFloatPixelData')):
        entry['skip'] = 'no pixel data'
        continue
    ts = str(getattr(getattr(ds, 'file_meta', None), 'TransferSyntaxUID', '') or '')
    entry['ts'] = ts
    if ts and ts not in NATIVE and ts != RLELossless:
        entry['refused'] = pydicom.uid.UID(ts).name
        continue
    try:
        arr = ds.pixel_array
    except Exception as e:
        entry['skip'] = 'pydicom cannot decode it: %s: %s' % (type(e).__name__, e)
        continue
    frames = int(getattr(ds, 'NumberOfFrames', 1) or 1)
    bits, stored = ds.BitsAllocated, getattr(ds, 'BitsStored', ds.BitsAllocated)
    if arr.dtype.kind in 'iu' and bits > 1 and stored < bits:
        raw = arr.astype(np.int64) & ((1 << bits) - 1)
        raw = (raw >> (getattr(ds, 'HighBit', stored - 1) + 1 - stored)) & ((1 << stored) - 1)
        if getattr(ds, 'PixelRepresentation', 0) == 1:
            raw = np.where(raw >= (1 << (stored - 1)), raw - (1 << stored), raw)
        arr = raw
    modality = apply_modality_lut(arr, ds)
    entry['frames'] = frames
    entry['values'] = int(arr.size)
    arr.astype('<f8').tofile(os.path.join(out, name + '.stored'))
    np.asarray(modality).astype('<f8').tofile(os.path.join(out, name + '.modality'))
print(json.dumps(manifest))
""";

    [Fact]
    public void EveryNativeAndRleFileMatchesPydicomAndEveryOtherSyntaxIsRefused()
    {
        var folder = Peers.RequirePydicomTestFiles();
        using var temp = new TempDirectory();
        var run = Peers.RunPython(Script, folder, temp.Path);
        Assert.True(run.ExitCode == 0, run.StandardError);
        using var manifest = JsonDocument.Parse(run.StandardOutput);
        int decoded = 0, refused = 0, frames = 0;
        var skipped = new List<string>();
        foreach (var file in manifest.RootElement.EnumerateObject())
        {
            var entry = file.Value;
            if (entry.TryGetProperty("skip", out var reason))
            {
                skipped.Add($"{file.Name}: {reason.GetString()}");
                continue;
            }

            var dicom = DicomFile.Open(Path.Combine(folder, file.Name));
            if (entry.TryGetProperty("refused", out var syntaxName))
            {
                var e = Assert.Throws<DicomUnsupportedTransferSyntaxException>(() => DicomPixelData.Create(dicom));
                Assert.Contains(syntaxName.GetString()!, e.Message, StringComparison.Ordinal);
                Assert.Equal(entry.GetProperty("ts").GetString(), e.TransferSyntaxUid);
                refused++;
                continue;
            }

            var pixels = DicomPixelData.Create(dicom);
            Assert.Equal(entry.GetProperty("frames").GetInt32(), pixels.NumberOfFrames);
            var stored = ReadDoubles(temp.Combine(file.Name + ".stored"));
            var modality = ReadDoubles(temp.Combine(file.Name + ".modality"));
            Assert.Equal(pixels.NumberOfFrames * pixels.FrameValueCount, stored.Length);
            for (var f = 0; f < pixels.NumberOfFrames; f++)
            {
                var range = new Range(f * pixels.FrameValueCount, (f + 1) * pixels.FrameValueCount);
                AssertEqual(file.Name, f, "stored", stored[range], pixels.GetStoredValues<double>(f));
                AssertEqual(file.Name, f, "modality", modality[range], pixels.GetModalityValues<double>(f));
                frames++;
            }

            decoded++;
        }

        Assert.True(decoded >= 25, $"only {decoded} files decoded; skipped: {string.Join("; ", skipped)}");
        Assert.True(refused >= 15, $"only {refused} files refused");
        Assert.True(frames >= decoded);
    }

    private static void AssertEqual(string file, int frame, string what, double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                Assert.Fail($"{file} frame {frame} {what} value {i}: pydicom {expected[i]}, RadCnn {actual[i]}");
            }
        }
    }

    private static double[] ReadDoubles(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 8);
        return values;
    }
}
