/**
 * Additive disturbances for the synthetic ECG, each written into a float64 buffer of samples at fs Hz:
 * baseline wander, powerline interference, white noise, and the fibrillatory f-waves of atrial fibrillation.
 */
import type { SeededRandom } from "./random.js";

/** Adds baseline wander of peak amplitude <= amplitude mV: three sinusoids at 0.05-0.5 Hz (respiration, movement). */
export function addBaselineWander(out: Float64Array, fs: number, amplitude: number, rng: SeededRandom): void {
  const parts = [
    { weight: 0.5, hz: rng.between(0.15, 0.35), phase: rng.between(0, 2 * Math.PI) },
    { weight: 0.3, hz: rng.between(0.05, 0.15), phase: rng.between(0, 2 * Math.PI) },
    { weight: 0.2, hz: rng.between(0.35, 0.5), phase: rng.between(0, 2 * Math.PI) },
  ];
  for (const { weight, hz, phase } of parts) addSine(out, fs, amplitude * weight, hz, phase);
}

/** Adds powerline interference: a sinusoid of amplitude mV at hz (50 or 60) with a random phase. */
export function addPowerline(
  out: Float64Array,
  fs: number,
  amplitude: number,
  hz: number,
  rng: SeededRandom,
): void {
  addSine(out, fs, amplitude, hz, rng.between(0, 2 * Math.PI));
}

/** Adds white Gaussian noise of standard deviation sd mV. */
export function addWhiteNoise(out: Float64Array, sd: number, rng: SeededRandom): void {
  for (let i = 0; i < out.length; i++) out[i] += sd * rng.normal();
}

/**
 * Adds atrial fibrillatory f-waves: an irregular 4-9 Hz oscillation of about amplitude mV whose rate and size
 * drift slowly, with a second harmonic (a common model, e.g. Stridh & Sornmo, IEEE TBME 48(1), 2001).
 */
export function addFibrillatoryWaves(
  out: Float64Array,
  fs: number,
  amplitude: number,
  rng: SeededRandom,
): void {
  const baseHz = rng.between(5, 8);
  const driftHz = rng.between(0.05, 0.15);
  const driftPhase = rng.between(0, 2 * Math.PI);
  const sizeHz = rng.between(0.1, 0.3);
  const sizePhase = rng.between(0, 2 * Math.PI);
  let phase = rng.between(0, 2 * Math.PI);
  for (let i = 0; i < out.length; i++) {
    const t = i / fs;
    phase += (2 * Math.PI * (baseHz + 1 * Math.sin(2 * Math.PI * driftHz * t + driftPhase))) / fs;
    const size = amplitude * (1 + 0.4 * Math.sin(2 * Math.PI * sizeHz * t + sizePhase));
    out[i] += size * (Math.sin(phase) + 0.3 * Math.sin(2 * phase));
  }
}

function addSine(out: Float64Array, fs: number, amplitude: number, hz: number, phase: number): void {
  const step = (2 * Math.PI * hz) / fs;
  for (let i = 0; i < out.length; i++) out[i] += amplitude * Math.sin(step * i + phase);
}
