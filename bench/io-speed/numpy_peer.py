"""numpy peer for bench/io-speed: reads MIT-BIH format 212 records and decodes them to float32 mV.

Usage: python3 numpy_peer.py <mitdb dir> <runs> <record> ...
Prints {"bestMs": ..., "numpy": "<version>"}: the best wall time of <runs> passes over all records after a
warm-up. Parses only what 212 decoding needs from each header (gain, baseline/ADC zero).
"""

import json
import os
import sys
import time

import numpy as np


def read(folder, name):
    lines = [l for l in open(os.path.join(folder, name + ".hea")).read().splitlines() if l and l[0] != "#"]
    specs = []
    for line in lines[1:]:
        f = line.split()
        gain_field = f[2].split("/")[0]
        gain = float(gain_field.split("(")[0])
        zero = int(f[4])
        baseline = int(gain_field.split("(")[1].rstrip(")")) if "(" in gain_field else zero
        specs.append((gain, baseline))
    raw = np.fromfile(os.path.join(folder, name + ".dat"), dtype=np.uint8)
    groups = raw[: len(raw) // 3 * 3].reshape(-1, 3).astype(np.int16)
    first = groups[:, 0] | ((groups[:, 1] & 0x0F) << 8)
    second = groups[:, 2] | ((groups[:, 1] & 0xF0) << 4)
    first = np.where(first > 2047, first - 4096, first)
    second = np.where(second > 2047, second - 4096, second)
    out = []
    for (gain, baseline), digital in zip(specs, (first, second)):
        physical = ((digital - baseline) / gain).astype(np.float32)
        physical[digital == -2048] = np.nan
        out.append(physical)
    return out


def main():
    folder, runs, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    for name in names:
        read(folder, name)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for name in names:
            read(folder, name)
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"bestMs": best * 1000, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
