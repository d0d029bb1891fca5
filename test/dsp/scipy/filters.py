"""Expected sosfilt / sosfiltfilt / sosfilt_zi outputs on the shared test signal: prints test/dsp/fixtures/filters.ts."""
import numpy as np
from common import arr, header, num, rows
from scipy import signal
from signals import test_ecg_like

N = 3000
INDICES = [0, 1, 2, 7, 50, 333, 1000, 1499, 2222, 2990, 2998, 2999]


def summary(y):
    """Values at INDICES plus sum(y) and sum(|y|), which together pin down the whole output."""
    return f"at: {arr(y[INDICES])}, sum: {num(np.sum(y))}, sumAbs: {num(np.sum(np.abs(y)))}"


def design(spec):
    order, cutoff, btype, fs = spec
    return signal.butter(order, cutoff, btype, fs=fs, output="sos")


def spec_ts(spec):
    order, cutoff, btype, fs = spec
    c = arr(cutoff) if isinstance(cutoff, list) else num(cutoff)
    return f'order: {order}, cutoff: {c}, type: "{btype}", fs: {fs}'


# Section counts 1, 2, 3, 4, 5 and 8 exercise every kernel group size (1-4) and the grouping of more than 4.
SOSFILT = [(1, 40, "lowpass", 360), (2, [0.5, 40], "bandpass", 360), (6, 45, "lowpass", 250),
           (4, [48, 52], "bandstop", 500), (5, 0.5, "highpass", 500), (8, [5, 15], "bandpass", 250)]
FILTFILT = [
    ((2, [0.5, 40], "bandpass", 360), {}),
    ((5, 0.5, "highpass", 500), {}),
    ((3, 25, "lowpass", 128), {"padtype": "even", "padlen": 100}),
    ((2, [0.5, 40], "bandpass", 360), {"padtype": "constant"}),
    ((2, [0.5, 40], "bandpass", 360), {"padtype": None}),
    ((8, [5, 15], "bandpass", 250), {"padlen": 0}),
    ((1, 10, "lowpass", 300), {"padlen": 2998}),
]

header("python3 test/dsp/scipy/filters.py > test/dsp/fixtures/filters.ts")
print()
print(f"/** Length of the test signal: testEcgLike({N}, fs) (test/dsp/helpers/signals.ts). */")
print(f"export const signalLength = {N};")
print()
print("/** Indices at which outputs are stored (`at`). */")
print(f"export const indices = [{', '.join(map(str, INDICES))}];")
print()
print("/** scipy.signal.sosfilt(butter(...), x) with x = testEcgLike(signalLength, fs). */")
print("export const sosfiltCases = [")
for spec in SOSFILT:
    y = signal.sosfilt(design(spec), test_ecg_like(N, spec[3]))
    print(f"  {{ {spec_ts(spec)}, {summary(y)} }},")
print("] as const;")
print()
print("/** scipy.signal.sosfilt_zi(sos), and sosfilt(sos, x, zi=zi * x[0]) returning (y, zf). */")
print("export const ziCases = [")
for spec in [(3, 0.5, "highpass", 250), (4, [1, 30], "bandpass", 360)]:
    sos = design(spec)
    x = test_ecg_like(N, spec[3])
    zi = signal.sosfilt_zi(sos)
    y, zf = signal.sosfilt(sos, x, zi=zi * x[0])
    print(f"  {{ {spec_ts(spec)}, zi: {rows(zi)}, zf: {rows(zf)}, {summary(y)} }},")
print("] as const;")
print()
print("/** scipy.signal.sosfiltfilt(butter(...), x, padtype, padlen); padtype null = None. */")
print("export const sosfiltfiltCases = [")
for spec, kw in FILTFILT:
    y = signal.sosfiltfilt(design(spec), test_ecg_like(N, spec[3]), **kw)
    pad = kw.get("padtype", "odd")
    opts = f'padtype: "{pad if pad is not None else "none"}"'
    if "padlen" in kw:
        opts += f", padlen: {kw['padlen']}"
    print(f"  {{ {spec_ts(spec)}, options: {{ {opts} }}, {summary(y)} }},")
print("] as const;")
