/**
 * Argument checks shared by the dsp functions. Each returns the validated value or throws a DspError
 * whose message names the argument and the rule.
 */
import { expected } from "../errors.js";
import { DspError } from "./errors.js";

/** Returns `fs` (Hz) after checking it is a finite number > 0. */
export function checkFs(fs: number, name = "fs"): number {
  if (typeof fs !== "number" || !Number.isFinite(fs) || fs <= 0) {
    throw new DspError(expected("a finite sampling rate > 0 (Hz)", name, fs));
  }
  return fs;
}

/** Returns `f` (Hz) after checking 0 < f < fs/2. */
export function checkFrequency(f: number, fs: number, name: string): number {
  if (typeof f !== "number" || !Number.isFinite(f) || f <= 0 || f >= fs / 2) {
    throw new DspError(expected(`a frequency inside (0, fs/2) = (0, ${fs / 2}) Hz`, name, f));
  }
  return f;
}

/** Returns `value` after checking it is an integer inside [min, max]. */
export function checkInteger(
  value: number,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new DspError(expected(`an integer ${range}`, name, value));
  }
  return value;
}

/** Returns `value` after checking it is a finite number > 0. */
export function checkPositive(value: number, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new DspError(expected("a finite number > 0", name, value));
  }
  return value;
}

/** Returns `value` after checking it is one of `allowed` (the message lists them). */
export function checkChoice<T extends string>(value: T, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value)) {
    throw new DspError(expected(`one of ${allowed.map((a) => `"${a}"`).join(", ")}`, name, value));
  }
  return value;
}

/** Returns the signal after checking it is a non-empty array of numbers (typed array or plain array). */
export function checkSignal(x: ArrayLike<number>, name = "x"): ArrayLike<number> {
  if (x === null || typeof x !== "object" || typeof x.length !== "number") {
    throw new DspError(expected("a Float32Array signal", name, x));
  }
  if (x.length === 0) throw new DspError(expected("a non-empty signal", name, x));
  if (typeof x[0] === "bigint") throw new DspError(expected("a signal of numbers, not bigints", name, x));
  return x;
}

/**
 * Returns a float64 copy of `x` (with `pad` free slots before and after it), throwing if any sample is NaN
 * or infinite: an IIR filter would spread one bad sample over the rest of the output.
 */
export function finiteCopy(x: ArrayLike<number>, name: string, pad = 0): Float64Array {
  checkSignal(x, name);
  const n = x.length;
  const out = new Float64Array(n + 2 * pad);
  // The copy and allFinite's branch-free check share one pass over the samples.
  let poison = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    out[pad + i] = v;
    poison += v * 0;
  }
  if (poison !== 0) throw nonFiniteError(x, name);
  return out;
}

/** Returns true when every sample of `x` is finite (no NaN, no ±Infinity). */
export function allFinite(x: ArrayLike<number>): boolean {
  // NOTE: v * 0 is NaN exactly when v is NaN or ±Infinity, so one sum checks every sample without a branch.
  let poison = 0;
  for (let i = 0; i < x.length; i++) poison += x[i] * 0;
  return poison === 0;
}

function nonFiniteError(x: ArrayLike<number>, name: string): DspError {
  let first = 0;
  while (Number.isFinite(x[first])) first++;
  return new DspError(
    `${name}[${first}] is ${x[first]}: the signal must be finite. ` +
      "Fill missing (NaN) samples first, e.g. with fillMissing(x, fs), or use ecgClean which does so.",
  );
}

/**
 * Returns `options` (or {} when undefined) after checking it is an object whose keys are all in `allowed`;
 * a key differing only in case is reported as a misspelling of the right one.
 */
export function checkOptions<T extends object>(
  options: T | undefined,
  allowed: readonly string[],
  fn: string,
): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new DspError(expected("an options object", `the options of ${fn}`, options));
  }
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const match = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
    throw new DspError(
      match
        ? `Misspelled option "${key}" of ${fn} should be "${match}"`
        : `Unknown option "${key}" of ${fn}; valid options: ${allowed.join(", ")}`,
    );
  }
  return options;
}
