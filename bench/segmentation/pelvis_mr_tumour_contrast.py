# Pelvic MR tumour contrast check: for each tumour case of a folder written by `radcnn phantom pelvis-mr`
# (mr/*.dcm, seg.dcm, cases.json), on the uterus network's scale (volume / its 99th percentile) the
# tumour's mean signal and that of the uterine tissue within 2 pixels of it on its slices (what the
# tumour must be told from), their separation (difference over the pooled sd: how far apart the two
# signal distributions are voxel by voxel) and the share of tumour voxels brighter than the ring's
# median; grouped by tumour kind. Shows whether cervical tumours are as visible as endometrial ones.
# Usage (inside ./radcnn exec: pydicom, numpy, scipy): python3 bench/segmentation/pelvis_mr_tumour_contrast.py DIR [DIR...]
import sys, os, json, numpy as np
from scipy import ndimage
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelvis_mr_contrast import load

rows = []
for root in sys.argv[1:]:
    for c in json.load(open(os.path.join(root, 'cases.json'))):
        if not c['tumour']:
            continue
        vol, lab, _ = load(os.path.join(root, c['id']))
        flat = np.sort(vol.ravel()[::max(1, vol.size // 400000)])
        v = np.clip(vol / flat[int(round(0.99 * (len(flat) - 1)))], 0, 2)
        tumour = lab == 2
        near = ndimage.binary_dilation(tumour, structure=np.array([[[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[0, 1, 0], [1, 1, 1], [0, 1, 0]], [[0, 0, 0], [0, 1, 0], [0, 0, 0]]], bool), iterations=2)
        ring = near & (lab == 1)
        t, r = v[tumour], v[ring]
        sep = (t.mean() - r.mean()) / np.sqrt((t.var() + r.var()) / 2)
        rows.append((c['tumour'], c['id'][-5:], c['orientation'][:3], c['tumourVolumeMl'], c['invasionDepth'], t.size, t.mean(), r.mean(), r.std(), sep, np.mean(t > np.median(r))))
print('kind        case  orient  mL    depth voxels tumour ring(sd)      separation above-ring-median')
for row in sorted(rows):
    print('%-11s %s %-4s %5.2f %5.2f %5d  %.3f  %.3f (%.3f) %+.2f  %.2f' % row)
for kind in sorted({r[0] for r in rows}):
    g = [r for r in rows if r[0] == kind]
    print('%s: %d tumours, mean %.2f mL, separation %+.2f (range %+.2f to %+.2f), share above the ring median %.2f' % (kind, len(g), np.mean([r[3] for r in g]), np.mean([r[9] for r in g]), min(r[9] for r in g), max(r[9] for r in g), np.mean([r[10] for r in g])))
