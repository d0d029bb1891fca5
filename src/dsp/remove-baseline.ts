import { butter } from "./butter.js";
import { runningMedian } from "./running-median.js";
import { sosfiltfilt } from "./sosfiltfilt.js";
import { checkChoice, checkFs, checkOptions, checkSignal } from "./validate.js";

/** How `removeBaseline` estimates the baseline wander. */
export type BaselineMethod = "highpass" | "median";

const BASELINE_METHODS: readonly BaselineMethod[] = ["highpass", "median"];

/** Options of `removeBaseline`; only the "highpass" method has any. */
export interface RemoveBaselineOptions {
  /** High-pass cut-off in Hz (default 0.5). */
  cutoffHz?: number;
  /** Butterworth order (default 2; applied forward and backward, so the roll-off is that of order 4). */
  order?: number;
}

/**
 * Returns `x` with its baseline wander removed (Float32Array, same length and units, mV):
 * - "highpass" (default): zero-phase Butterworth high-pass (`sosfiltfilt`, 0.5 Hz, order 2);
 * - "median": x minus a baseline estimated by two running medians, 200 ms then 600 ms wide (odd sample
 *   counts nearest to those), which remove the QRS and P waves, then the T waves, leaving the wander
 *   (de Chazal, O'Dwyer, Reilly, "Automatic classification of heartbeats using ECG morphology and heartbeat
 *   interval features", IEEE TBME 51(7):1196-1206, 2004). Slower, but the beats themselves are not
 *   filtered: only the estimated baseline is subtracted, so the ST level and slow wave shapes stay as recorded.
 */
export function removeBaseline(
  x: ArrayLike<number>,
  fs: number,
  method: BaselineMethod = "highpass",
  options?: RemoveBaselineOptions,
): Float32Array {
  checkSignal(x);
  checkFs(fs);
  checkChoice(method, BASELINE_METHODS, "method");
  const { cutoffHz = 0.5, order = 2 } = checkOptions(options, ["cutoffHz", "order"], "removeBaseline");
  if (method === "highpass") return sosfiltfilt(butter(order, cutoffHz, "highpass", fs), x);
  const baseline = runningMedian(runningMedian(x, oddWindow(0.2 * fs)), oddWindow(0.6 * fs));
  const y = new Float32Array(x.length);
  for (let i = 0; i < y.length; i++) y[i] = x[i] - baseline[i];
  return y;
}

/** Returns the odd number of samples nearest to `samples` (at least 1). */
const oddWindow = (samples: number): number => 2 * Math.round((samples - 1) / 2) + 1;
