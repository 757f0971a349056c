#!/usr/bin/python3
"""Draws a ground-truth SEG and RadCnn's SEG over the same source slice, side by side, as one PNG.

Usage: seg_overlay.py SERIES_DIR TRUTH_SEG RESULT_SEG OUT.png [--slice SOP_INSTANCE_UID | --segment N]
The slice is the one given, else the one where the truth's segment N (default: the last, the lesion)
has the most voxels (where the truth has none, RadCnn's). Left: the truth; right: RadCnn. Each segment's outline in
its own colour (1 cyan, 2 yellow). Reads with pydicom (Debian python3-pydicom); writes the PNG with
zlib, so nothing else is needed.
"""
import argparse
import os
import struct
import sys
import zlib

import numpy as np
import pydicom

COLOURS = {1: (0, 220, 255), 2: (255, 220, 0)}


def masks_by_source(seg):
    """{(sop instance uid, segment number): 2D bool mask} from a BINARY SEG."""
    frames = seg.pixel_array.reshape(int(seg.NumberOfFrames), seg.Rows, seg.Columns)
    out = {}
    for frame, item in zip(frames, seg.PerFrameFunctionalGroupsSequence):
        uid = item.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        number = int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        out[(uid, number)] = out.get((uid, number), np.zeros(frame.shape, bool)) | (frame > 0)
    return out


def outline(mask):
    inner = mask.copy()
    inner[1:-1, 1:-1] &= mask[:-2, 1:-1] & mask[2:, 1:-1] & mask[1:-1, :-2] & mask[1:-1, 2:]
    return mask & ~inner


def grey(ds):
    pixels = ds.pixel_array.astype(np.float64) * float(getattr(ds, 'RescaleSlope', 1)) + float(getattr(ds, 'RescaleIntercept', 0))
    if ds.Modality == 'CT':
        low, high = -160.0, 240.0  # abdominal window (level 40, width 400)
    else:
        low, high = np.percentile(pixels, [1, 99.5])
    return (np.clip((pixels - low) / max(high - low, 1e-6), 0, 1) * 255).astype(np.uint8)


def panel(image, masks):
    rgb = np.repeat(image[:, :, None], 3, axis=2)
    for number, mask in sorted(masks.items()):
        rgb[outline(mask)] = COLOURS.get(number, (255, 0, 255))
    return rgb


def write_png(path, rgb):
    height, width, _ = rgb.shape
    raw = b''.join(b'\x00' + rgb[y].tobytes() for y in range(height))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('series'); parser.add_argument('truth'); parser.add_argument('result'); parser.add_argument('out')
    parser.add_argument('--slice'); parser.add_argument('--segment', type=int)
    args = parser.parse_args()
    images = {}
    for name in sorted(os.listdir(args.series)):
        ds = pydicom.dcmread(os.path.join(args.series, name))
        images[ds.SOPInstanceUID] = ds
    truth, result = masks_by_source(pydicom.dcmread(args.truth)), masks_by_source(pydicom.dcmread(args.result))
    segments = sorted({n for _, n in list(truth) + list(result)})
    segment = args.segment or segments[-1]
    def voxels(masks, u):
        return int(masks[(u, segment)].sum()) if (u, segment) in masks else 0
    chosen = truth if any(voxels(truth, u) for u in images) else result
    uid = args.slice or max(images, key=lambda u: voxels(chosen, u))
    if uid not in images:
        sys.exit(f'no slice {uid} in {args.series}')
    image = grey(images[uid])
    left = panel(image, {n: truth[(uid, n)] for n in segments if (uid, n) in truth})
    right = panel(image, {n: result[(uid, n)] for n in segments if (uid, n) in result})
    gap = np.zeros((image.shape[0], 8, 3), np.uint8)
    both = np.concatenate([left, gap, right], axis=1)
    write_png(args.out, both.repeat(2, axis=0).repeat(2, axis=1) if image.shape[0] <= 256 else both)
    print(f'{args.out}: slice {images[uid].InstanceNumber} (segment {segment}), truth left, RadCnn right')


if __name__ == '__main__':
    main()
