"""How crowded each reading's malignancy threshold would be: for `RadCnn.Bench.Classification dump --candidates-csv FILE`
rows, each true nodule's best candidate (highest P(nodule) of the mean of both models) at or above the nodule threshold,
then for P(malignant | nodule) of the mean, of the 3D model and of the 2D model: Youden's threshold on those nodules, its
J, the AUC, and how many nodules lie within 0.05 and 0.1 of the threshold (the reported call of such a nodule flips under
the probe at epsilon 0.02 almost always; plugin README, "1.3.0"). One line per file and reading.
Usage: ./radcnn exec python3 bench/classification/malignancy_crowding.py NODULE_THRESHOLD FILE.csv [FILE.csv ...]
"""
import csv
import sys

import numpy as np

READINGS = {
    "mean": lambda p3, p2: (p3[2] + p2[2]) / max(1e-9, p3[1] + p2[1] + p3[2] + p2[2]),
    "3d": lambda p3, p2: p3[2] / max(1e-9, p3[1] + p3[2]),
    "2d": lambda p3, p2: p2[2] / max(1e-9, p2[1] + p2[2]),
}


def best_candidates(path):
    best = {}
    for row in csv.DictReader(open(path, newline="")):
        if int(row["nodule"]) < 0:
            continue
        p3 = [float(row["p3d_none"]), float(row["p3d_benign"]), float(row["p3d_malignant"])]
        p2 = [float(row["p2d_none"]), float(row["p2d_benign"]), float(row["p2d_malignant"])]
        nodule = ((1 - p3[0]) + (1 - p2[0])) / 2
        key = (int(row["scan"]), int(row["nodule"]))
        if key not in best or nodule > best[key][0]:
            best[key] = (nodule, p3, p2, int(row["malignant"]))
    return list(best.values())


def youden(scores, labels):
    best_j, best_t = -1.0, 0.5
    for t in np.unique(scores):
        j = (scores[labels == 1] >= t).mean() + (scores[labels == 0] < t).mean() - 1
        if j > best_j:
            best_j, best_t = j, t
    return best_t, best_j


def auc(scores, labels):
    positive, negative = scores[labels == 1], scores[labels == 0]
    return float(np.mean([(p > q) + 0.5 * (p == q) for p in positive for q in negative]))


def main():
    threshold = float(sys.argv[1])
    for path in sys.argv[2:]:
        nodules = [n for n in best_candidates(path) if n[0] >= threshold]
        labels = np.array([n[3] for n in nodules])
        for name, reading in READINGS.items():
            scores = np.array([reading(n[1], n[2]) for n in nodules])
            t, j = youden(scores, labels)
            print(f"{path} {name}: threshold {t:.3f} J {j:.2f} AUC {auc(scores, labels):.3f} "
                  f"within 0.05: {int((np.abs(scores - t) < 0.05).sum())} within 0.1: {int((np.abs(scores - t) < 0.1).sum())} of {len(scores)}")


if __name__ == "__main__":
    main()
