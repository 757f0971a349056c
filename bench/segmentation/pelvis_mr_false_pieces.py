# Where a tumour map's false pieces lie on tumour-free pelvic MR phantoms: for each tumour-free case of a folder
# written by `radcnn phantom pelvis-mr` and the maps `bench/segmentation/run --uterus --tumour-fit --dump-maps MAPS`
# wrote for it, the volume above 0.5, its share inside the uterus and just outside it (within 3 voxels), and
# where it lies along the uterus's long axis (principal axis of the uterus voxels in mm, 0 at the narrower end,
# the cervix, 1 at the fundus; 10th, 50th, 90th percentile).
# Usage (inside ./radcnn exec: pydicom, numpy, scipy): python3 bench/segmentation/pelvis_mr_false_pieces.py DIR MAPS
import sys, os, glob, json, numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelvis_mr_contrast import load
from scipy import ndimage
root, mapdir = sys.argv[1], sys.argv[2]
for c in json.load(open(os.path.join(root, 'cases.json'))):
    if c['tumour']: continue
    vol, lab, d = load(os.path.join(root, c['id']))
    m = np.fromfile(glob.glob(os.path.join(mapdir, c['id'] + '.*.f32'))[0], np.float32).reshape(vol.shape)
    fp = m >= 0.5
    ut = lab >= 1
    sp = np.array([float(c['sliceSpacing']), float(c['pixelSpacing']), float(c['pixelSpacing'])])
    pts = np.argwhere(ut) * sp
    mean = pts.mean(0); u, s_, vt = np.linalg.svd(pts - mean, full_matrices=False); ax = vt[0]
    proj = (pts - mean) @ ax
    r = (proj - proj.min()) / (proj.max() - proj.min())
    if (r < 0.25).sum() > (r > 0.75).sum():
        ax = -ax; proj = -proj
    fpp = (np.argwhere(fp) * sp - mean) @ ax if fp.any() else np.array([])
    inside = (fp & ut).sum()
    near = fp & ~ut & ndimage.binary_dilation(ut, iterations=3)
    print('%s %-8s FP %.2f mL: inside uterus %d%%, within 3 voxels outside %d%%; FP position along the long axis (0 at the narrower end, the cervix; 1 at the fundus): %s' % (c['id'][-5:], c['orientation'], fp.sum() * sp.prod() / 1000, 100 * inside / max(1, fp.sum()), 100 * near.sum() / max(1, fp.sum()), np.round(np.percentile((fpp - proj.min()) / (proj.max() - proj.min()), [10, 50, 90]), 2) if fp.any() else '-'))
