# scikit-image's Chambolle total variation for the refinement test: a fixed number of iterations (eps 0 never stops early).
# Usage: skimage_tv.py IMAGE.f32 ROWS COLUMNS WEIGHT ITERATIONS OUT.f32 (float32 row-major in and out)
import sys
import numpy as np
from skimage.restoration import denoise_tv_chambolle

path, rows, columns, weight, iterations, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
image = np.fromfile(path, dtype=np.float32).reshape(rows, columns).astype(np.float64)
denoise_tv_chambolle(image, weight=weight, eps=0.0, max_num_iter=iterations).astype(np.float32).tofile(out)
