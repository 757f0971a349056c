using System.Text.Json;
using RadCnn.Dicom.Imaging;
using RadCnn.TestSupport;

namespace RadCnn.Dicom.Tests.Imaging;

/// <summary>
/// Display values against pydicom: monochrome files with a VOI window through apply_voi_lut (its
/// output range [y_min, y_max] scaled to [0, 1]; MONOCHROME1 compared inverted, as RadCnn always
/// makes higher brighter), and YBR_FULL/YBR_FULL_422 8-bit files through convert_color_space to RGB
/// (pydicom rounds to whole numbers, RadCnn keeps the fraction: equal within half a grey level).
/// </summary>
public sealed class PydicomDisplayTests
{
    private const string Script = """
import json, os, sys, warnings
warnings.simplefilter('ignore')
import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_voi_lut, convert_color_space
folder, out = sys.argv[1], sys.argv[2]
OK = ('1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.5')
manifest = {}
for name in sorted(os.listdir(folder)):
    if not name.endswith('.dcm'):
        continue
    try:
        ds = pydicom.dcmread(os.path.join(folder, name))
        if str(ds.file_meta.TransferSyntaxUID) not in OK or 'PixelData' not in ds:
            continue
        arr = ds.pixel_array
    except Exception:
        continue
    pi = ds.PhotometricInterpretation
    if pi in ('MONOCHROME1', 'MONOCHROME2') and 'WindowCenter' in ds and 'WindowWidth' in ds and 'VOILUTSequence' not in ds and 'ModalityLUTSequence' not in ds and ds.BitsStored == ds.BitsAllocated:
        stored = ds.BitsStored
        y_min, y_max = (0, 2 ** stored - 1) if ds.PixelRepresentation == 0 else (-2 ** (stored - 1), 2 ** (stored - 1) - 1)
        if 'RescaleSlope' in ds and 'RescaleIntercept' in ds:
            y_min = y_min * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
            y_max = y_max * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        windowed = apply_voi_lut(apply_modality_lut(arr, ds), ds, index=0, prefer_lut=False)
        result = (np.asarray(windowed, dtype='f8') - y_min) / (y_max - y_min)
        if pi == 'MONOCHROME1':
            result = 1 - result
        tolerance = 1e-9
    elif pi in ('YBR_FULL', 'YBR_FULL_422') and ds.BitsAllocated == 8:
        result = convert_color_space(arr, 'YBR_FULL', 'RGB').astype('f8') / 255
        tolerance = 0.5 / 255 + 1e-6
    else:
        continue
    result.astype('<f8').tofile(os.path.join(out, name))
    manifest[name] = tolerance
print(json.dumps(manifest))
""";

    [Fact]
    public void WindowedAndYbrFilesLookAsInPydicom()
    {
        var folder = Peers.RequirePydicomTestFiles();
        using var temp = new TempDirectory();
        var run = Peers.RunPython(Script, folder, temp.Path);
        Assert.True(run.ExitCode == 0, run.StandardError);
        using var manifest = JsonDocument.Parse(run.StandardOutput);
        var compared = 0;
        foreach (var file in manifest.RootElement.EnumerateObject())
        {
            var tolerance = file.Value.GetDouble();
            var bytes = File.ReadAllBytes(temp.Combine(file.Name));
            var expected = new double[bytes.Length / 8];
            Buffer.BlockCopy(bytes, 0, expected, 0, bytes.Length);
            var pixels = DicomPixelData.Create(DicomFile.Open(Path.Combine(folder, file.Name)));
            for (var f = 0; f < pixels.NumberOfFrames; f++)
            {
                var ours = pixels.GetDisplayValues<double>(f);
                for (var i = 0; i < ours.Length; i++)
                {
                    var theirs = expected[(f * pixels.FrameValueCount) + i];
                    if (Math.Abs(ours[i] - theirs) > tolerance)
                    {
                        Assert.Fail($"{file.Name} frame {f} value {i}: pydicom {theirs}, RadCnn {ours[i]}");
                    }
                }
            }

            compared++;
        }

        Assert.True(compared >= 5, $"only {compared} files compared: {string.Join(", ", manifest.RootElement.EnumerateObject().Select(p => p.Name))}");
    }
}
