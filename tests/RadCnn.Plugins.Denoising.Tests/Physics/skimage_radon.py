# scikit-image's radon and iradon on RadCnn's phantom, for the projector and FBP tests.
# Usage: skimage_radon.py IMAGE.f32 SINOGRAM.f32 SIZE VIEWS OUT_PREFIX
# Writes OUT_PREFIX.radon.f32 ([view][detector], from the image) and OUT_PREFIX.ramp.f32 /
# OUT_PREFIX.hann.f32 (iradon of RadCnn's sinogram), all float32 row-major.
import sys
import numpy as np
from skimage.transform import radon, iradon

image_path, sinogram_path, size, views, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
theta = np.arange(views) * 180.0 / views
image = np.fromfile(image_path, dtype=np.float32).reshape(size, size).astype(np.float64)
sinogram = np.fromfile(sinogram_path, dtype=np.float32).reshape(views, size).astype(np.float64).T
radon(image, theta=theta, circle=True, preserve_range=True).T.astype(np.float32).tofile(prefix + ".radon.f32")
for name in ("ramp", "hann"):
    iradon(sinogram, theta=theta, filter_name=name, circle=True, interpolation="linear", preserve_range=True).astype(np.float32).tofile(prefix + "." + name + ".f32")
