/**
 * Seeded randomness for the engine: a small fast PRNG (xoshiro128**, Blackman and Vigna 2018,
 * https://prng.di.unimi.it/xoshiro128starstar.c) seeded through splitmix32, with uniform and normal
 * (Box-Muller) fills. The same seed gives bit-identical numbers on every machine and run.
 */
import { ConfigError, expected } from "../errors.js";
import type { Buf } from "./kernels/kernels.js";

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_24 = 1 / 16777216;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/** Returns the next splitmix32 output for a state, as [output, nextState] packed in a tuple. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [(z ^ (z >>> 15)) >>> 0, next];
}

/** A seeded pseudo-random generator (xoshiro128**: 128-bit state, period 2^128 - 1). */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** Creates a generator seeded with `seed` (any safe non-negative integer; default 0). */
  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Re-seeds this generator; returns it. The four state words come from splitmix32 over the seed. */
  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ConfigError(expected("a non-negative safe integer", "seed", seed));
    }
    const high = Math.floor(seed / TWO_POW_32);
    let state = (seed >>> 0) ^ Math.imul(high, 0x85ebca6b);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [out, next] = splitmix32(state);
      words.push(out);
      state = next;
    }
    this.setState(words);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
    return this;
  }

  /** Returns the four 32-bit state words (to save with a checkpoint). */
  getState(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Restores a state saved by getState(). */
  setState(state: readonly number[]): void {
    if (state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32)) {
      throw new ConfigError(expected("four 32-bit unsigned integers", "state", state));
    }
    [this.s0, this.s1, this.s2, this.s3] = state.map((w) => w | 0);
  }

  /** Returns the next 32-bit unsigned integer of the xoshiro128** sequence. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Returns a uniform float64 in [0, 1) with 53 random bits (two draws). */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) * TWO_POW_MINUS_53;
  }

  /** Returns a standard normal sample (Box-Muller, the cosine branch). */
  normal(): number {
    const u1 = (this.nextUint32() + 1) / TWO_POW_32; // (0, 1]: log(u1) is finite
    const u2 = this.nextUint32() / TWO_POW_32;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Fills `out` with uniform samples in [low, high). Float32 buffers take 24 random bits per element (one
   * draw), float64 buffers 53 bits (two draws), so that no sample rounds up to `high`.
   */
  fillUniform(out: Buf, low = 0, high = 1): void {
    const span = high - low;
    if (out instanceof Float32Array) {
      for (let i = 0; i < out.length; i++)
        out[i] = low + span * ((this.nextUint32() >>> 8) * TWO_POW_MINUS_24);
    } else {
      for (let i = 0; i < out.length; i++) out[i] = low + span * this.uniform();
    }
  }

  /** Fills `out` with normal samples of the given mean and standard deviation (Box-Muller, both branches). */
  fillNormal(out: Buf, mean = 0, std = 1): void {
    const n = out.length;
    for (let i = 0; i < n; i += 2) {
      const u1 = (this.nextUint32() + 1) / TWO_POW_32;
      const u2 = this.nextUint32() / TWO_POW_32;
      const radius = Math.sqrt(-2 * Math.log(u1));
      const angle = 2 * Math.PI * u2;
      out[i] = mean + std * radius * Math.cos(angle);
      if (i + 1 < n) out[i + 1] = mean + std * radius * Math.sin(angle);
    }
  }
}

/** Rotates a 32-bit integer left by k bits. */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const defaultGen = new Generator(0);

/** Returns the process-wide default generator (used when an op is given none). */
export function defaultGenerator(): Generator {
  return defaultGen;
}

/** Re-seeds the default generator; returns it. */
export function manualSeed(seed: number): Generator {
  return defaultGen.manualSeed(seed);
}
