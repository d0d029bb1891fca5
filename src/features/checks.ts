/** Argument checks shared by the feature extractors; each throws a FeatureError naming the argument. */

import { fsProblem, rPeaksProblem } from "../detect/checks.js";
import { expected, optionsProblem } from "../errors.js";
import { FeatureError } from "./errors.js";

/** Returns nothing; throws unless `signal` is a Float32Array of finite samples (NaN gaps must be filled first). */
export function checkFiniteSignal(signal: unknown): asserts signal is Float32Array {
  if (!(signal instanceof Float32Array)) throw new FeatureError(expected("a Float32Array", "signal", signal));
  const bad = signal.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new FeatureError(
      `signal[${bad}] is ${signal[bad]}: features need finite samples; bridge invalid samples first (dsp's fillMissing)`,
    );
  }
}

/** Returns nothing; throws unless `fs` is a finite sampling frequency in Hz between 50 and 10,000. */
export function checkFs(fs: unknown): asserts fs is number {
  const problem = fsProblem(fs, { min: 50, max: 10_000 });
  if (problem !== undefined) throw new FeatureError(problem);
}

/** Returns nothing; throws unless rPeaks is an Int32Array of strictly ascending indices into a signal of `length`. */
export function checkRPeaks(rPeaks: unknown, length: number): asserts rPeaks is Int32Array {
  const problem = rPeaksProblem(rPeaks, length);
  if (problem !== undefined) throw new FeatureError(problem);
}

/** Returns nothing; throws unless `value` (named `name`) is an integer in [min, max]. */
export function checkInteger(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new FeatureError(expected(`an integer from ${min} to ${max}`, name, value));
  }
}

/** Returns nothing; throws unless `value` (named `name`) is a finite number > 0. */
export function checkPositive(value: unknown, name: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new FeatureError(expected("a finite number > 0", name, value));
  }
}

/** Returns `options` after checking it is an object whose keys are all in `allowed` (`fn` names the function). */
export function checkOptions<T extends object>(options: T, allowed: readonly string[], fn: string): T {
  const problem = optionsProblem(options, allowed, fn);
  if (problem !== undefined) throw new FeatureError(problem);
  return options;
}
