/**
 * Helpers of the native kernel tests: load the addon once (suites skip with a clear message when it did not
 * build), a seeded random source for shapes and data, closeness assertions that name the first bad element,
 * and a loop over every instruction set path and thread count the addon can run here.
 */
import { describe, expect } from "vitest";
import { loadNativeKernels, type NativeKernels } from "../../../src/tensor/kernels/native.js";

let loaded: NativeKernels | undefined;
let loadError = "";
try {
  loaded = loadNativeKernels();
} catch (error) {
  loadError = (error as Error).message;
}

/** The native kernels, or undefined when the addon is not built on this machine. */
export const native: NativeKernels | undefined = loaded;

/** Like `describe`, but skipped (with the loader's reason on stderr) when the addon is not built. */
export function describeNative(name: string, fn: (k: NativeKernels) => void): void {
  if (!loaded) {
    process.stderr.write(`SKIPPED "${name}": native addon not loaded (${loadError.split("\n")[0]})\n`);
    describe.skip(`${name} [skipped: native addon not built]`, () => {});
    return;
  }
  const kernels = loaded;
  describe(name, () => fn(kernels));
}

/** Runs fn once per instruction set path this CPU supports and per thread count (1, 2), then restores. */
export function forEachConfig(k: NativeKernels, fn: (config: string) => void): void {
  const before = k.info();
  try {
    for (const isa of before.isas) {
      k.setIsa(isa);
      for (const threads of [1, 2]) {
        k.setThreads(threads);
        fn(`${isa}, ${threads} thread${threads > 1 ? "s" : ""}`);
      }
    }
  } finally {
    k.setIsa(before.isa);
    k.setThreads(before.threads);
  }
}

/** A small seeded PRNG (mulberry32) for reproducible shapes and data. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Returns a uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Returns an integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  /** Returns one of the given values. */
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }
  /** Returns a standard normal sample (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Returns n standard normal float32 values times scale. */
  f32(n: number, scale = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal() * scale;
    return out;
  }
}

/** Returns |x| elementwise (a magnitude input: linear kernels on |inputs| bound each sum's terms). */
export function abs(x: Float32Array): Float32Array {
  return x.map(Math.abs);
}

/**
 * Asserts |got[i] - want[i]| <= atol + rtol * scale[i] for every i, where scale defaults to |want[i]|.
 * NaNs must match NaNs. The failure names the case, the index and both values.
 */
export function expectClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: { rtol: number; atol?: number; scale?: ArrayLike<number> },
  label: string,
): void {
  expect(got.length, `${label}: length`).toBe(want.length);
  const atol = tol.atol ?? 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (Number.isNaN(w) !== Number.isNaN(g)) expect.fail(`${label}: [${i}] got ${g}, want ${w}`);
      continue;
    }
    if (g === w) continue;
    const bound = atol + tol.rtol * (tol.scale ? tol.scale[i] : Math.abs(w));
    if (!(Math.abs(g - w) <= bound)) {
      expect.fail(`${label}: [${i}] got ${g}, want ${w} (|diff| ${Math.abs(g - w)} > ${bound})`);
    }
  }
}

/** Returns the largest |x[i]| (0 for an empty array). */
export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** Returns dense row-major strides of a shape. */
export function denseStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/** Returns true when the two arrays hold bit-identical float32 values. */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}
