# Inference-time mixes on a folder kept by `RADCNN_BENCH_KEEP=1 RADCNN_BENCH_ALSO=MODEL bench/denoising/run ...`: the mean
# of the two networks' outputs, output = a * CNN + (1 - a) * ALSO, and each mix followed by a light total variation (weight w
# in the bench's unit scale), scored as classical_filters.py scores (PSNR in the soft-tissue window over the body, HU bias
# in the uniform regions, the 5-10 HU lesions' CNR gap to the standard dose) with the margin over total variation swept on
# the same slices. Usage: output_mixes.py FOLDER (through ./radcnn exec python3)
import json, os, sys
import numpy as np
sys.argv = [sys.argv[0], sys.argv[1]]
os.environ["RADCNN_BENCH_CLASSICAL"] = "tv"
here = os.path.dirname(os.path.abspath(__file__))
source = open(os.path.join(here, "classical_filters.py")).read()
# The scoring functions and the loaded slices of classical_filters.py, without its report.
exec(source[:source.index("results = {}")])
if not also:
    sys.exit("output_mixes.py: the folder holds no second network (RADCNN_BENCH_ALSO)")
p_low = np.array([psnr(s["low"], s) for s in slices])
best_tv = None
for w in sweeps["tv"][1]:
    p = np.array([psnr(tv(s["low"], w), s) for s in slices])
    if best_tv is None or p.mean() > best_tv[1].mean():
        best_tv = (w, p)
std = [c for s in slices for c in cnr(s["standard"], s)]
rows = []
for a in (1.0, 0.75, 0.5, 0.25, 0.0):
    for w in (0.0, 0.0025, 0.005, 0.01):
        outs = [a * s["cnn"] + (1 - a) * s["also"] for s in slices]
        if w > 0:
            outs = [tv(o, w) for o in outs]
        p = np.array([psnr(o, s) for o, s in zip(outs, slices)])
        bias = np.array([(o - s["truth"])[s["uniform"]].mean() for o, s in zip(outs, slices)])
        gap = np.array([c for o, s in zip(outs, slices) for c in cnr(o, s)]) - np.array(std)
        rows.append({"cnn_share": a, "tv_weight": w, "psnr": round(float(p.mean()), 3),
                     "margin_over_tv_db": round(float((p - best_tv[1]).mean()), 3), "margin_ci95": bootstrap(p - best_tv[1]),
                     "hu_bias_max_abs": round(float(np.abs(bias).max()), 2), "cnr_gap": round(float(gap.mean()), 3)})
        print(f"cnn share {a:.2f} tv {w:.4f}: psnr {p.mean():.2f} margin over tv {rows[-1]['margin_over_tv_db']:+.2f} {rows[-1]['margin_ci95']} max |bias| {rows[-1]['hu_bias_max_abs']:.1f} cnr gap {rows[-1]['cnr_gap']:+.3f}", file=sys.stderr)
print(json.dumps({"folder": os.path.basename(folder.rstrip('/')), "also": also, "tv_weight": best_tv[0], "tv_psnr": round(float(best_tv[1].mean()), 3), "rows": rows}))
