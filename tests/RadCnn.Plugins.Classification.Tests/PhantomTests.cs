using RadCnn.TestSupport;

namespace RadCnn.Plugins.Classification.Tests;

/// <summary>`radcnn phantom chest-ct` against its own ground truth, read back by pydicom and checked by dciodvfy.</summary>
[Collection(ChestCtCollection.Name)]
public sealed class PhantomTests(ChestCtFixture phantoms)
{
    // For every series: slices evenly spaced along z with the recorded spacing, thin, CT in HU with lungs
    // near -850; for every nodule: its centre lies in the volume, in its own mask label, denser than lung,
    // and its mask's equivalent diameter matches the recorded diameter.
    private const string Script = """
        import sys, glob, json, csv, os
        import numpy as np, pydicom
        root = sys.argv[1]
        meta = {s['id']: s for s in json.load(open(os.path.join(root, 'phantom.json')))['series']}
        rows = list(csv.DictReader(open(os.path.join(root, 'nodules.csv'))))
        for sid, m in meta.items():
            ds = [pydicom.dcmread(f) for f in glob.glob(os.path.join(root, 'series', sid, '*.dcm'))]
            ds.sort(key=lambda d: float(d.ImagePositionPatient[2]))
            assert all(d.Modality == 'CT' and d.SOPClassUID == '1.2.840.10008.5.1.4.1.1.2' for d in ds), sid
            z = np.array([float(d.ImagePositionPatient[2]) for d in ds])
            steps = np.diff(z)
            assert len(ds) == m['slices'] and np.allclose(steps, m['sliceSpacingMm'], atol=1e-3), (sid, steps.min(), steps.max())
            assert 0.625 <= float(ds[0].SliceThickness) <= 2.5 and m['sliceSpacingMm'] <= float(ds[0].SliceThickness) + 1e-6, sid
            spacing = float(ds[0].PixelSpacing[0])
            assert 0.6 * 512 / 128 - 0.01 <= spacing <= 0.9 * 512 / 128 + 0.01, (sid, spacing)
            vol = np.stack([d.pixel_array * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in ds])
            mask = np.fromfile(os.path.join(root, 'masks', sid + '.nodules.u8'), dtype=np.uint8).reshape(vol.shape)
            lung = vol[(vol > -950) & (vol < -700)]
            assert -880 < np.median(lung) < -820, (sid, np.median(lung))
            ox, oy, oz = [float(v) for v in ds[0].ImagePositionPatient]
            for n, r in enumerate([r for r in rows if r['series'] == sid]):
                c = int(round((float(r['x_mm']) - ox) / spacing)); rr = int(round((float(r['y_mm']) - oy) / spacing)); k = int(round((float(r['z_mm']) - oz) / m['sliceSpacingMm']))
                assert 0 <= c < vol.shape[2] and 0 <= rr < vol.shape[1] and 0 <= k < vol.shape[0], (sid, r)
                number = int(r['nodule'])
                assert mask[k, rr, c] == number, (sid, r['nodule'], mask[k, rr, c])
                assert vol[k, rr, c] > -650, (sid, r['nodule'], vol[k, rr, c])
                voxels = (mask == number).sum() * spacing * spacing * m['sliceSpacingMm']
                d = 2 * (3 * voxels / (4 * np.pi)) ** (1 / 3)
                assert abs(d - float(r['diameter_mm'])) < 0.35 * float(r['diameter_mm']) + 2, (sid, r['kind'], d, r['diameter_mm'])
        print('checked', len(meta), 'series and', len(rows), 'nodules')
        """;

    [Fact]
    public void PydicomReadsEverySeriesAndItsGeometryMatchesTheGroundTruth()
    {
        Assert.NotEmpty(phantoms.Nodules);
        Assert.Contains(phantoms.Nodules, n => n.Label == "malignant");
        Assert.Contains(phantoms.Nodules, n => n.Label == "benign");
        var result = Peers.RunPython(Script, phantoms.Folder);
        Assert.True(result.ExitCode == 0, result.Combined);
        Assert.Contains($"checked {ChestCtFixture.Count} series", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void SlicesPassDciodvfy()
    {
        var tool = Peers.Require("dciodvfy", "dicom3tools");
        foreach (var series in phantoms.Series.Take(2))
        {
            var file = Directory.GetFiles(series, "*.dcm").Order(StringComparer.Ordinal).ElementAt(10);
            var result = Peers.Run(tool, [file]);
            var errors = result.Combined.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, result.Combined);
        }
    }
}
