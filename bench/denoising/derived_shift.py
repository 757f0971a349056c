# The mean-HU shift a derived (denoised) series makes in uniform soft tissue, per series, from the series kept by
# `RADCNN_BENCH_KEEP=DIR bench/denoising/run domain LABEL=FOLDER...` (DIR/LABEL/N/*.dcm) against their sources in FOLDER:
# over the middle half of each series' slices, the most uniform quarter of the soft-tissue windows (input mean -150..250
# HU, lowest input SD), the median of (derived - source) window means, and the windows' median SD before and after.
# Usage: ./radcnn exec python3 bench/denoising/derived_shift.py SOURCE_FOLDER DIR/LABEL [WINDOW_SIDE=16]
import glob, os, sys
import numpy as np, pydicom
source_folder, kept_folder = sys.argv[1], sys.argv[2]
side = int(sys.argv[3]) if len(sys.argv) > 3 else 16
sources = {}
for path in glob.glob(os.path.join(source_folder, '**', '*.dcm'), recursive=True):
    header = pydicom.dcmread(path, stop_before_pixels=True)
    if header.Modality == 'CT':
        sources[header.SOPInstanceUID] = path
def hu(d): return d.pixel_array.astype(float) * float(d.RescaleSlope) + float(d.RescaleIntercept)
for series in sorted(os.listdir(kept_folder), key=int):
    shifts, sd_in, sd_out = [], [], []
    files = sorted(glob.glob(os.path.join(kept_folder, series, '*.dcm')))
    for path in files[len(files) // 4: 3 * len(files) // 4]:
        derived = pydicom.dcmread(path)
        source = pydicom.dcmread(sources[derived.SourceImageSequence[0].ReferencedSOPInstanceUID])
        a, b = hu(source), hu(derived)
        for r in range(0, a.shape[0] - side, side):
            for c in range(0, a.shape[1] - side, side):
                x, y = a[r:r + side, c:c + side], b[r:r + side, c:c + side]
                if -150 < x.mean() < 250:
                    sd_in.append(x.std()); sd_out.append(y.std()); shifts.append(y.mean() - x.mean())
    sd_in, sd_out, shifts = map(np.array, (sd_in, sd_out, shifts))
    uniform = sd_in < np.percentile(sd_in, 25)
    print('%s windows %d shift median %.1f IQR %.1f..%.1f SD in %.1f out %.1f' % (series, uniform.sum(), np.median(shifts[uniform]),
          *np.percentile(shifts[uniform], [25, 75]), np.median(sd_in[uniform]), np.median(sd_out[uniform])))
