"""Scores `RadCnn.Bench.Classification dump --candidates-csv FILE` rows offline, one line per file.

FROC sensitivity at 0.5, 1 and 2 false positives per scan of the mean of both models' nodule probabilities (and of
the 3D model's alone), as the plugin ranks candidates; the malignancy AUC of P(malignant | nodule) of the 3D model, the
2D model and their mean, each read on the nodule's best candidate by the mean's nodule probability.
Usage: ./radcnn exec python3 bench/classification/dump_scores.py FILE.csv [FILE.csv ...]
"""
import csv
import sys

import numpy as np


def load(path):
    rows = list(csv.DictReader(open(path, newline="")))
    return {key: np.array([float(r[key]) for r in rows]) for key in rows[0]}


def froc(d, score, rate):
    scans = int(d["scan"].max()) + 1
    total = sum(n for _, n in {(int(s), int(n)) for s, n in zip(d["scan"], d["scan_nodules"])})
    order = np.argsort(-score, kind="stable")
    found, false_positives, best, i = set(), 0, 0.0, 0
    while i < len(order):
        j = i
        while j < len(order) and score[order[j]] == score[order[i]]:
            j += 1
        for k in order[i:j]:
            if d["nodule"][k] >= 0:
                found.add((int(d["scan"][k]), int(d["nodule"][k])))
            else:
                false_positives += 1
        if false_positives / scans <= rate:
            best = len(found) / total
        i = j
    return best, total


def auc(scores, labels):
    positive, negative = scores[labels == 1], scores[labels == 0]
    greater = np.sum(positive[:, None] > negative[None, :]) + 0.5 * np.sum(positive[:, None] == negative[None, :])
    return greater / (len(positive) * len(negative))


for path in sys.argv[1:]:
    d = load(path)
    mean = 1 - (d["p3d_none"] + d["p2d_none"]) / 2
    best = {}
    for k in np.flatnonzero(d["nodule"] >= 0):
        key = (int(d["scan"][k]), int(d["nodule"][k]))
        if key not in best or mean[k] > mean[best[key]]:
            best[key] = k
    ks = np.array(sorted(best.values()))
    y = d["malignant"][ks]
    m3, b3, m2, b2 = d["p3d_malignant"][ks], d["p3d_benign"][ks], d["p2d_malignant"][ks], d["p2d_benign"][ks]
    sensitivity, total = froc(d, mean, 1.0)
    print(f"{path}: {total} nodules; FROC mean at 0.5 / 1 / 2 FP per scan {froc(d, mean, 0.5)[0]:.3f} / {sensitivity:.3f} / "
          f"{froc(d, mean, 2.0)[0]:.3f}, 3D alone at 1 {froc(d, 1 - d['p3d_none'], 1.0)[0]:.3f}; malignancy AUC "
          f"3D {auc(m3 / (m3 + b3), y):.3f} 2D {auc(m2 / (m2 + b2), y):.3f} mean {auc((m3 + m2) / (m3 + m2 + b3 + b2), y):.3f} ({len(ks)} nodules found)")
