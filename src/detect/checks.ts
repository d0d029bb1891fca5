/** Argument checks shared by the public detection functions; each throws a DetectError naming the argument. */
import { expected, optionsProblem } from "../errors.js";
import { DetectError } from "./errors.js";

/** Returns nothing; throws unless `signal` (named `name` in the message) is a Float32Array. */
export function checkSignal(signal: unknown, name: string): asserts signal is Float32Array {
  if (!(signal instanceof Float32Array)) throw new DetectError(expected("a Float32Array", name, signal));
}

/** A range of accepted sampling frequencies in Hz. */
export interface FsRange {
  readonly min: number;
  readonly max: number;
}

/** Returns why `fs` is not a finite sampling frequency in Hz inside [range.min, range.max], or undefined. */
export function fsProblem(fs: unknown, range: FsRange): string | undefined {
  return typeof fs !== "number" || !Number.isFinite(fs) || fs < range.min || fs > range.max
    ? expected(`a sampling frequency in Hz between ${range.min} and ${range.max}`, "fs", fs)
    : undefined;
}

/** Returns nothing; throws unless `fs` is a finite sampling frequency in Hz inside [range.min, range.max]. */
export function checkFs(fs: unknown, range: FsRange): void {
  const problem = fsProblem(fs, range);
  if (problem !== undefined) throw new DetectError(problem);
}

/** Returns `options` after checking it is an object whose keys are all in `allowed` (`fn` names the function). */
export function checkOptions<T extends object>(options: T, allowed: readonly string[], fn: string): T {
  const problem = optionsProblem(options, allowed, fn);
  if (problem !== undefined) throw new DetectError(problem);
  return options;
}

/**
 * Returns why `rPeaks` is not an Int32Array of strictly ascending sample indices into a signal of `length`
 * samples, or undefined when it is.
 */
export function rPeaksProblem(rPeaks: unknown, length: number): string | undefined {
  if (!(rPeaks instanceof Int32Array)) return expected("an Int32Array of sample indices", "rPeaks", rPeaks);
  for (let i = 0; i < rPeaks.length; i++) {
    if (rPeaks[i] < 0 || rPeaks[i] >= length)
      return `rPeaks[${i}] = ${rPeaks[i]} is outside the signal (0 to ${length - 1}); pass sample indices of this signal`;
    if (i > 0 && rPeaks[i] <= rPeaks[i - 1])
      return `rPeaks must be strictly ascending, but rPeaks[${i}] = ${rPeaks[i]} follows ${rPeaks[i - 1]}`;
  }
  return undefined;
}
