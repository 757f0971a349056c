#!/usr/bin/env python3
"""The bench network in PyTorch (same layers, shapes and thread count): images/s at batch 1 and 16. Prints one JSON line."""
import json
import sys
import time

import torch
from torch import nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
torch.set_num_threads(threads)
torch.manual_seed(0)
net = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 16 * 16, 2)).eval()


def images_per_second(batch):
    x = torch.randn(batch, 1, 64, 64)
    with torch.no_grad():
        for _ in range(20):
            net(x)
        images, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            net(x)
            images += batch
    return images / (time.perf_counter() - start)


print(json.dumps({
    "pytorch": torch.__version__,
    "pytorch_b1_ips": round(images_per_second(1), 1),
    "pytorch_b16_ips": round(images_per_second(16), 1),
}))
