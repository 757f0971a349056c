# Scores the CNN's output beside scikit-image's classical filters on the same slices, in one run.
# Input folder (written by RadCnn.Bench.Denoising): meta.json and, per slice i, float32 row-major
# HU images i.low.f32, i.standard.f32, i.truth.f32, i.cnn.f32, i.uniform.u8 (uniform-region mask), and
# i.also.f32 where meta.json names a second network ("also": scored under its name, with the CNN's margin over it).
# Each classical filter's strength is swept and the best mean PSNR kept (chosen on these very
# slices: optimistic for the classical filters). Metrics in the soft-tissue window [-160, 240] HU
# over the body: PSNR, SSIM (mean of the SSIM map over the body), mean HU bias in uniform regions,
# the CNR of 5-10 HU lesions (signed contrast over background SD) and the share of their true
# contrast retained (signed contrast over the true contrast; 1 kept, 0 flattened). Prints one JSON object.
# Usage: classical_filters.py FOLDER [FIGURE.png]   (RADCNN_BENCH_CLASSICAL=tv,nlm,bilateral: the filters to sweep)
import json
import os
import sys

import numpy as np
from skimage.metrics import structural_similarity
from scipy.ndimage import convolve
from skimage.restoration import denoise_bilateral, denoise_nl_means, denoise_tv_chambolle

folder = sys.argv[1]
meta = json.load(open(f"{folder}/meta.json"))
n, count = meta["size"], meta["count"]
also = meta.get("also")
LOW, HIGH = -160.0, 240.0


def load(i, name, dtype=np.float32):
    return np.fromfile(f"{folder}/{i}.{name}", dtype=dtype).reshape(n, n)


slices = []
for i in range(count):
    s = {k: load(i, f"{k}.f32").astype(np.float64) for k in ("low", "standard", "truth", "cnn") + (("also",) if also else ())}
    s["uniform"] = load(i, "uniform.u8", np.uint8) > 0
    s["body"] = s["truth"] > -900
    s["lesions"] = meta["lesions"][i]
    slices.append(s)


def window(img):
    return np.clip(img, LOW, HIGH)


def psnr(img, s):
    d = window(img)[s["body"]] - window(s["truth"])[s["body"]]
    return 10 * np.log10((HIGH - LOW) ** 2 / np.mean(d * d))


def ssim(img, s):
    _, full = structural_similarity(window(s["truth"]), window(img), data_range=HIGH - LOW, full=True)
    return float(full[s["body"]].mean())


def cnr(img, s, retained=False):
    values = []
    yy, xx = np.mgrid[:n, :n]
    for lesion in s["lesions"]:
        if not 5 <= abs(lesion["contrastHu"]) <= 10:
            continue
        r = lesion["radiusPixels"]
        d = np.hypot(yy - lesion["row"], xx - lesion["column"])
        inside = d <= 0.7 * r
        ring = (d >= r + 3) & (d <= r + 10) & s["uniform"]
        if inside.sum() < 3 or ring.sum() < 20:
            continue
        contrast = np.sign(lesion["contrastHu"]) * (img[inside].mean() - img[ring].mean())
        # retained: the share of the true contrast still there (1 kept, 0 flattened), whatever the noise.
        values.append(contrast / abs(lesion["contrastHu"]) if retained else contrast / img[ring].std())
    return values


def to_unit(img):
    return (img + 1000.0) / 4000.0


def from_unit(img):
    return img * 4000.0 - 1000.0


def estimate_sigma(u):
    # Immerkaer's fast noise estimate (scikit-image's own estimate_sigma needs PyWavelets).
    kernel = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float64)
    response = convolve(u, kernel)[1:-1, 1:-1]
    return np.sqrt(np.pi / 2) * np.abs(response).sum() / (6.0 * response.size)


def nlm(img, h):
    u = to_unit(img)
    sigma = float(estimate_sigma(u))
    return from_unit(denoise_nl_means(u, h=h * sigma, sigma=sigma, patch_size=5, patch_distance=6, fast_mode=True))


def tv(img, w):
    return from_unit(denoise_tv_chambolle(to_unit(img), weight=w))


def bilateral(img, c):
    u = to_unit(img)
    return from_unit(denoise_bilateral(u, sigma_color=c, sigma_spatial=1.5))


sweeps = {
    "nlm": (nlm, [0.6, 0.8, 1.0, 1.2]),
    "tv": (tv, [0.005, 0.01, 0.02, 0.04]),
    "bilateral": (bilateral, [0.005, 0.01, 0.02, 0.04]),
}

# Sparse-view input (meta.json's sparse_views above 1) is noisier and streaked: total variation's
# sweep goes four steps further so its best weight is not the sweep's edge.
if meta.get("sparse_views", 1) > 1:
    sweeps["tv"] = (tv, sweeps["tv"][1] + [0.08, 0.16, 0.32, 0.64])

# RADCNN_BENCH_CLASSICAL=tv (a comma list) sweeps only those: many slices for the lesion figures in little time.
if os.environ.get("RADCNN_BENCH_CLASSICAL"):
    sweeps = {k: v for k, v in sweeps.items() if k in os.environ["RADCNN_BENCH_CLASSICAL"].split(",")}


def summarise(outputs):
    p = np.array([psnr(o, s) for o, s in zip(outputs, slices)])
    q = np.array([ssim(o, s) for o, s in zip(outputs, slices)])
    bias = np.array([(o - s["truth"])[s["uniform"]].mean() for o, s in zip(outputs, slices)])
    c = [v for o, s in zip(outputs, slices) for v in cnr(o, s)]
    kept = [v for o, s in zip(outputs, slices) for v in cnr(o, s, retained=True)]
    return p, q, {"psnr": round(float(p.mean()), 3), "ssim": round(float(q.mean()), 4),
                  "hu_bias_mean": round(float(bias.mean()), 2), "hu_bias_max_abs": round(float(np.abs(bias).max()), 2),
                  "cnr_5_10_hu": round(float(np.mean(c)), 3) if c else None, "lesions_5_10_hu": len(c),
                  "contrast_retained_5_10_hu": round(float(np.mean(kept)), 3) if kept else None}


def bootstrap(gains, seed=7):
    rng = np.random.default_rng(seed)
    means = [rng.choice(gains, size=len(gains), replace=True).mean() for _ in range(2000)]
    return [round(float(np.percentile(means, 2.5)), 3), round(float(np.percentile(means, 97.5)), 3)]


results = {}
p_low, q_low, results["low_dose_fbp"] = summarise([s["low"] for s in slices])
_, _, results["standard_dose_fbp"] = summarise([s["standard"] for s in slices])
p_cnn, q_cnn, results["cnn"] = summarise([s["cnn"] for s in slices])
if also:
    p_also, q_also, results[also] = summarise([s["also"] for s in slices])
best_classical, best_p = None, None
for name, (fn, strengths) in sweeps.items():
    best = None
    for strength in strengths:
        outputs = [fn(s["low"], strength) for s in slices]
        p, q, summary = summarise(outputs)
        if best is None or summary["psnr"] > best[2]["psnr"]:
            best = (p, q, summary, strength)
    best[2]["strength"] = best[3]
    results[name] = best[2]
    if best_classical is None or best[2]["psnr"] > results[best_classical]["psnr"]:
        best_classical, best_p = name, best[0]

if len(sys.argv) > 2:
    # One slice side by side in the soft-tissue window: low dose, CNN, best classical, standard dose,
    # truth, and the CNN's difference to the truth (mid-grey = 0, +-100 HU to white/black).
    from PIL import Image
    s = slices[0]
    best_fn, best_strength = sweeps[best_classical][0], results[best_classical]["strength"]
    panels = [s["low"], s["cnn"], best_fn(s["low"], best_strength), s["standard"], s["truth"]]
    row = [(window(p) - LOW) / (HIGH - LOW) for p in panels]
    row.append(np.clip((s["cnn"] - s["truth"]) / 200.0 + 0.5, 0, 1))
    Image.fromarray((np.concatenate(row, axis=1) * 255).astype(np.uint8)).save(sys.argv[2])

# Lesion by lesion, the CNN's CNR minus the standard dose's on the same lesion (the goal: not below 0).
cnr_gap = np.array([a - b for s in slices for a, b in zip(cnr(s["cnn"], s), cnr(s["standard"], s))])

margins_over_also = {} if not also else {
    "psnr_gain_over_low_dose_db_" + also: round(float((p_also - p_low).mean()), 3),
    "psnr_gain_over_low_dose_ci95_" + also: bootstrap(p_also - p_low),
    "psnr_margin_over_" + also + "_db": round(float((p_cnn - p_also).mean()), 3),
    "psnr_margin_over_" + also + "_ci95": bootstrap(p_cnn - p_also),
    "psnr_margin_of_" + also + "_over_best_classical_db": round(float((p_also - best_p).mean()), 3),
    "psnr_margin_of_" + also + "_over_best_classical_ci95": bootstrap(p_also - best_p),
}

print(json.dumps({
    "methods": results,
    **margins_over_also,
    "cnr_minus_standard_dose_5_10_hu": round(float(cnr_gap.mean()), 3) if len(cnr_gap) else None,
    "cnr_minus_standard_dose_ci95": bootstrap(cnr_gap) if len(cnr_gap) else None,
    "psnr_gain_over_low_dose_db": round(float((p_cnn - p_low).mean()), 3),
    "psnr_gain_over_low_dose_ci95": bootstrap(p_cnn - p_low),
    "ssim_gain_over_low_dose": round(float((q_cnn - q_low).mean()), 4),
    "ssim_gain_over_low_dose_ci95": bootstrap(q_cnn - q_low),
    "best_classical": best_classical,
    "psnr_margin_over_best_classical_db": round(float((p_cnn - best_p).mean()), 3),
    "psnr_margin_over_best_classical_ci95": bootstrap(p_cnn - best_p),
}))
