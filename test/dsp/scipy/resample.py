"""Expected resample_poly outputs on the shared test signal: prints test/dsp/fixtures/resample.ts."""
import numpy as np
from common import arr, header, num
from scipy import signal
from signals import test_ecg_like

N = 2000
# (fs_in, fs_out, padtype): the brief's four conversions, plus the background-removing pad types.
CASES = [(360, 250, "constant"), (500, 250, "constant"), (300, 360, "constant"), (1000, 128, "constant"),
         (360, 250, "mean"), (250, 360, "median"), (128.5, 250, "constant")]

header("python3 test/dsp/scipy/resample.py > test/dsp/fixtures/resample.ts")
print()
print(f"/** Input: testEcgLike({N}, fsIn). Output summary: values at `indices`, sum(y), sum(|y|). */")
print(f"export const inputLength = {N};")
print()
print("/** scipy.signal.resample_poly(x, up, down, padtype=padtype), up/down = fsOut/fsIn in lowest terms. */")
print("export const resampleCases = [")
for fs_in, fs_out, padtype in CASES:
    scale = 10 if isinstance(fs_in, float) else 1
    up, down = int(fs_out * scale), int(fs_in * scale)
    y = signal.resample_poly(test_ecg_like(N, fs_in), up, down, padtype=padtype)
    n = len(y)
    idx = [0, 1, 2, 10, n // 3, n // 2, n - 3, n - 2, n - 1]
    print(f'  {{ fsIn: {fs_in}, fsOut: {fs_out}, padtype: "{padtype}", length: {n}, '
          f"indices: [{', '.join(map(str, idx))}], at: {arr(y[idx])}, sum: {num(y.sum())}, "
          f"sumAbs: {num(np.abs(y).sum())} }},")
print("] as const;")
print()
print("/** scipy.signal.firwin(numtaps, cutoff, window=('kaiser', 5.0)) at a few taps. */")
print("export const firwinCases = [")
for numtaps, cutoff in [(721, 1 / 36), (41, 1 / 2), (2501, 1 / 125)]:
    h = signal.firwin(numtaps, cutoff, window=("kaiser", 5.0))
    idx = [0, 1, numtaps // 4, numtaps // 2 - 1, numtaps // 2, numtaps - 1]
    print(f"  {{ numtaps: {numtaps}, cutoff: {num(cutoff)}, indices: [{', '.join(map(str, idx))}], "
          f"at: {arr(h[idx])}, sum: {num(h.sum())} }},")
print("] as const;")
