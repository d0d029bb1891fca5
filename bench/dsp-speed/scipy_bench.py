"""scipy's timings for the dsp-speed benchmark, on the signal the TypeScript side wrote.

Usage: python3 bench/dsp-speed/scipy_bench.py SIGNAL.f32 FS RUNS OUT_DIR
Reads a raw little-endian float32 signal, times each operation (best and median wall time and best CPU time of RUNS after one warm-up),
writes each output as raw float32 to OUT_DIR/<name>.f32 for the TypeScript side to compare, and prints JSON.
Called by bench/dsp-speed/index.ts; not a runtime dependency of the project.
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy import ndimage, signal


def odd_window(samples):
    return 2 * round((samples - 1) / 2) + 1


def file_name(name):
    """Operation name as a file name: letters, digits and underscores."""
    return "".join(c if c.isalnum() else "_" for c in name)


def main():
    path, fs, runs, out_dir = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    x = np.fromfile(path, dtype="<f4").astype(np.float64)
    band = signal.butter(2, [0.5, 40], "bandpass", fs=fs, output="sos")
    band_notch = np.vstack([band, np.concatenate(signal.iirnotch(60, 30, fs))])
    highpass = signal.butter(2, 0.5, "highpass", fs=fs, output="sos")
    w1, w2 = odd_window(0.2 * fs), odd_window(0.6 * fs)
    up, down = 250, int(fs)
    g = np.gcd(up, down)
    ops = {
        "sosfilt": lambda: signal.sosfilt(band, x),
        "sosfiltfilt": lambda: signal.sosfiltfilt(band, x),
        "ecgClean": lambda: signal.sosfiltfilt(band, x),
        "ecgClean+notch": lambda: signal.sosfiltfilt(band_notch, x),
        "removeBaseline highpass": lambda: signal.sosfiltfilt(highpass, x),
        # NOTE: ndimage's "nearest" edge mode differs from runningMedian's truncated windows in the first and
        # last half-window only; the timing is comparable, the comparison skips those samples.
        "removeBaseline median": lambda: x
        - ndimage.median_filter(ndimage.median_filter(x, size=w1, mode="nearest"), size=w2, mode="nearest"),
        "resample to 250 Hz": lambda: signal.resample_poly(x, up // g, down // g),
    }
    results = {}
    for name, op in ops.items():
        y = op()
        wall, cpu = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            op()
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        wall.sort()
        results[name] = {"bestMs": wall[0] * 1e3, "medianMs": wall[len(wall) // 2] * 1e3, "bestCpuMs": min(cpu) * 1e3}
        np.asarray(y, dtype="<f4").tofile(f"{out_dir}/{file_name(name)}.f32")
    print(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "results": results}))


if __name__ == "__main__":
    main()
