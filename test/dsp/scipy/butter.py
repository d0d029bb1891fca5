"""Expected Butterworth / notch designs and responses: prints test/dsp/fixtures/butter.ts."""
import numpy as np
from common import arr, header, num, rows
from scipy import signal

# (order, cutoff Hz, type, fs): orders 1-8, all four types, fs 128-1000 Hz.
CASES = [
    (1, 40, "lowpass", 360),
    (2, 0.5, "highpass", 360),
    (3, 25, "lowpass", 128),
    (4, 100, "lowpass", 1000),
    (5, 0.5, "highpass", 500),
    (6, 45, "lowpass", 250),
    (7, 1, "highpass", 300),
    (8, 150, "lowpass", 1000),
    (1, [0.5, 40], "bandpass", 360),
    (2, [0.5, 40], "bandpass", 360),
    (3, [5, 15], "bandpass", 250),
    (4, [1, 45], "bandpass", 128),
    (5, [0.67, 100], "bandpass", 1000),
    (2, [48, 52], "bandstop", 500),
    (3, [55, 65], "bandstop", 300),
    (4, [45, 55], "bandstop", 1000),
    (6, [8, 20], "bandstop", 128),
    (8, [10, 30], "bandpass", 360),
]
NOTCHES = [(50, 30, 360), (60, 30, 500), (50, 10, 1000), (60, 35, 128.5)]
FREQS = [0, 0.1, 0.5, 1, 5, 10, 17, 40, 50, 60, 63.9]

header("python3 test/dsp/scipy/butter.py > test/dsp/fixtures/butter.ts")
print()
print("/** scipy.signal.butter(order, cutoff, type, fs=fs, output='sos') for each case. */")
print("export const butterCases = [")
for order, cutoff, btype, fs in CASES:
    sos = signal.butter(order, cutoff, btype, fs=fs, output="sos")
    c = arr(cutoff) if isinstance(cutoff, list) else num(cutoff)
    print(f'  {{ order: {order}, cutoff: {c}, type: "{btype}", fs: {fs}, sos: {rows(sos)} }},')
print("] as const;")
print()
print("/** scipy.signal.iirnotch(f0, Q, fs) as one section [b, a]. */")
print("export const notchCases = [")
for f0, q, fs in NOTCHES:
    b, a = signal.iirnotch(f0, q, fs)
    print(f"  {{ f0: {f0}, q: {q}, fs: {fs}, sos: {rows(np.concatenate([b, a]))} }},")
print("] as const;")
print()
print("/** Frequencies (Hz, all below 64 = fs/2 of the smallest fs) at which responses are compared. */")
print(f"export const responseFrequencies = {arr(FREQS)};")
print()
print("/** scipy.signal.sosfreqz(butter(...), worN=responseFrequencies, fs=fs) as re and im, for some cases. */")
print("export const responseCases = [")
for order, cutoff, btype, fs in [CASES[1], CASES[5], CASES[9], CASES[15]]:
    sos = signal.butter(order, cutoff, btype, fs=fs, output="sos")
    _, h = signal.sosfreqz(sos, worN=FREQS, fs=fs)
    c = arr(cutoff) if isinstance(cutoff, list) else num(cutoff)
    print(f'  {{ order: {order}, cutoff: {c}, type: "{btype}", fs: {fs}, re: {arr(h.real)}, im: {arr(h.imag)} }},')
print("] as const;")
