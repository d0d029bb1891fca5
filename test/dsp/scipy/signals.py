"""Deterministic test signals, bit-for-bit twins of test/dsp/helpers/signals.ts (same LCG, same formula)."""
import math

import numpy as np


def lcg_uniform(n, seed=12345):
    """n uniform numbers in [0, 1) from the 32-bit LCG of Numerical Recipes (a = 1664525, c = 1013904223)."""
    out = np.empty(n)
    s = seed
    for i in range(n):
        s = (1664525 * s + 1013904223) % 2**32
        out[i] = s / 2**32
    return out


def test_ecg_like(n, fs, seed=12345):
    """A float32 signal (returned as float64) of sines at 0.15, 1.3, 17 and 50 Hz, an offset and LCG noise."""
    u = lcg_uniform(n, seed)
    x = np.empty(n)
    for i in range(n):
        t = i / fs
        x[i] = (
            0.8 * math.sin(2 * math.pi * 1.3 * t)
            + 0.25 * math.sin(2 * math.pi * 17 * t + 0.4)
            + 0.1 * math.sin(2 * math.pi * 50 * t)
            + 0.3 * math.sin(2 * math.pi * 0.15 * t)
            + 0.2
            + 0.05 * (u[i] - 0.5)
        )
    return x.astype(np.float32).astype(np.float64)
