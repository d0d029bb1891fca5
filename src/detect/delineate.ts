/**
 * `ecgDelineate`: the P wave of every beat of one ECG lead, or null where the beat has none.
 */
import { expected } from "../errors.js";
import { checkFs, checkOptions, checkSignal, rPeaksProblem } from "./checks.js";
import { DetectError } from "./errors.js";
import { delineateMartinez2004 } from "./pwave/martinez2004.js";
import { delineateTemplate } from "./pwave/template-method.js";
import type { PWave } from "./pwave.js";

/**
 * P-wave delineation algorithms: "template" (default: median beat templates, Gaussian wave fit and per-beat
 * matching, with P-wave absence tests; src/detect/pwave/template-method.ts) or "martinez2004" (beat-by-beat
 * wavelet delineation after Martinez et al. 2004; no absence test beyond its thresholds).
 */
export type PWaveMethod = "template" | "martinez2004";

/** Options of ecgDelineate. */
export interface DelineateOptions {
  /** The algorithm (default "template"). */
  method?: PWaveMethod;
}

const methods: Record<
  PWaveMethod,
  (signal: Float32Array, rPeaks: Int32Array, fs: number) => Array<PWave | null>
> = {
  template: delineateTemplate,
  martinez2004: delineateMartinez2004,
};

/** Lowest and highest sampling rate accepted, in Hz. */
const FS_RANGE = { min: 100, max: 10_000 } as const;

/**
 * Returns one entry per R peak: its P wave (onset, peak and offset as sample indices into signal, onset < peak <
 * offset < R peak), or null when the beat has none that can be seen (atrial fibrillation or flutter, junctional
 * and ventricular beats, ventricular-paced beats, a P wave too small for the noise, or one outside the signal).
 *
 * @param signal one ECG lead in mV (raw or cleaned; NaN marks invalid samples)
 * @param rPeaks R-peak sample indices, strictly ascending, e.g. from ecgPeaks
 * @param fs sampling frequency in Hz (128-1000 Hz tested; 100-10000 accepted)
 */
export function ecgDelineate(
  signal: Float32Array,
  rPeaks: Int32Array,
  fs: number,
  options: DelineateOptions = {},
): Array<PWave | null> {
  checkSignal(signal, "signal");
  const problem = rPeaksProblem(rPeaks, signal.length);
  if (problem !== undefined) throw new DetectError(problem);
  checkFs(fs, FS_RANGE);
  checkOptions(options, ["method"], "ecgDelineate");
  const method = options.method ?? "template";
  if (!Object.hasOwn(methods, method)) {
    throw new DetectError(
      expected(
        `one of ${Object.keys(methods)
          .map((m) => `"${m}"`)
          .join(", ")}`,
        "method",
        method,
      ),
    );
  }
  return methods[method](signal, rPeaks, fs);
}
