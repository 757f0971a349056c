# Lesion by lesion: why faint lesions lose CNR after denoising. For every phantom lesion of a folder kept
# by `RADCNN_BENCH_KEEP=1 bench/denoising/run ...` (same slices for every folder: same seed and count),
# the measured contrast (mean inside 0.7 r minus the mean of a ring of uniform background r+3..r+10 px,
# signed by the true contrast), the share of the true contrast kept, the ring's SD (local noise left) and
# the CNR, averaged per lesion size and contrast, for low dose, standard dose, total variation
# (Chambolle, the bench's weight), a Gaussian of the low dose (sigma 1 px) and each folder's CNN.
# Contrast kept near 1 with a high ring SD: texture left; near 0 with a low ring SD: flattened (blur).
# Usage: lesions.py TV_WEIGHT LABEL=FOLDER [LABEL=FOLDER ...]   Prints one JSON object.
import json
import sys

import numpy as np
from scipy.ndimage import gaussian_filter
from skimage.restoration import denoise_tv_chambolle

tv_weight = float(sys.argv[1])
folders = [a.split("=", 1) for a in sys.argv[2:]]
first = folders[0][1]
meta = json.load(open(f"{first}/meta.json"))
n, count = meta["size"], meta["count"]
PIXEL_MM = 380.0 / n  # the generator's field of view (1.48 mm at 256 px)


def load(folder, i, name, dtype=np.float32):
    return np.fromfile(f"{folder}/{i}.{name}", dtype=dtype).reshape(n, n).astype(np.float64)


rows = []
yy, xx = np.mgrid[:n, :n]
for i in range(count):
    uniform = load(first, i, "uniform.u8", np.uint8) > 0
    low = load(first, i, "low.f32")
    images = {"low_dose": low, "standard_dose": load(first, i, "standard.f32"),
              "tv": (denoise_tv_chambolle((low + 1000) / 4000, weight=tv_weight) * 4000) - 1000,
              "gaussian_1px": gaussian_filter(low, 1.0)}
    for label, folder in folders:
        images[label] = load(folder, i, "cnn.f32")
    for lesion in meta["lesions"][i]:
        r, c = lesion["radiusPixels"], lesion["contrastHu"]
        d = np.hypot(yy - lesion["row"], xx - lesion["column"])
        inside = d <= 0.7 * r
        ring = (d >= r + 3) & (d <= r + 10) & uniform
        if inside.sum() < 3 or ring.sum() < 20:
            continue
        row = {"diameter_mm": 2 * r * PIXEL_MM, "contrast_hu": c}
        for name, img in images.items():
            contrast = np.sign(c) * (img[inside].mean() - img[ring].mean())
            sd = img[ring].std()
            row[name] = (contrast / abs(c), sd, contrast / sd)
        rows.append(row)

names = [k for k in rows[0] if k not in ("diameter_mm", "contrast_hu")]
groups = {}
for lo, hi in ((5, 10), (10, 31)):
    for dlo, dhi in ((4, 6), (6, 8), (8, 10.01)):
        sel = [r for r in rows if lo <= abs(r["contrast_hu"]) <= hi and dlo <= r["diameter_mm"] < dhi]
        key = f"{lo}-{min(hi, 30)}_hu_{dlo}-{int(dhi)}_mm"
        groups[key] = {"lesions": len(sel)} | {
            name: {"contrast_kept": round(float(np.mean([r[name][0] for r in sel])), 3),
                   "ring_sd_hu": round(float(np.mean([r[name][1] for r in sel])), 2),
                   "cnr": round(float(np.mean([r[name][2] for r in sel])), 3)} for name in names} if sel else {"lesions": 0}
print(json.dumps(groups))
