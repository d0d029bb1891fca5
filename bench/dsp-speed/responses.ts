/**
 * Magnitude responses of ecgClean's filter (as applied: forward and backward, so |H|^2) for the default and a
 * few alternatives, and a numerical check of its zero phase (the impulse response is symmetric). The numbers
 * in docs/dsp.md come from this script.
 *
 * Run: npx tsx bench/dsp-speed/responses.ts [fs]   (fs defaults to 360 Hz)
 */
import { type EcgCleanOptions, ecgClean, ecgCleanSos, freqzSos } from "../../src/dsp/index.js";

const fs = Number(process.argv[2] ?? 360);
const frequencies = [0.05, 0.1, 0.25, 0.5, 0.67, 1, 5, 15, 25, 30, 40, 50, 60, 100].filter((f) => f < fs / 2);
const variants: Array<[string, EcgCleanOptions]> = [
  ["order 1", { order: 1 }],
  ["order 2 (default)", {}],
  ["order 3", { order: 3 }],
  ["order 2 + 50 Hz notch", { powerlineHz: 50 }],
  ["order 2 + 60 Hz notch", { powerlineHz: 60 }],
];

console.log(
  `ecgClean 0.5-40 Hz band-pass at fs = ${fs} Hz: gain in dB after the forward-backward pass (|H|^2)`,
);
console.log("");
console.log(`| variant | ${frequencies.map((f) => `${f} Hz`).join(" | ")} |`);
console.log(`|---|${frequencies.map(() => "---:").join("|")}|`);
for (const [label, options] of variants) {
  const { magnitude } = freqzSos(ecgCleanSos(fs, options), frequencies, fs);
  const db = Array.from(magnitude, (m) => 20 * Math.log10(m * m));
  console.log(`| ${label} | ${db.map((v) => (v < -200 ? "< -200" : v.toFixed(1))).join(" | ")} |`);
}

// Zero phase: the response to a unit impulse in the middle of a long zero signal is symmetric about it.
const length = 20 * fs + 1;
const centre = (length - 1) / 2;
const impulse = new Float32Array(length);
impulse[centre] = 1;
const h = ecgClean(impulse, fs);
let asymmetry = 0;
let peak = 0;
for (let k = 1; k <= centre; k++) asymmetry = Math.max(asymmetry, Math.abs(h[centre + k] - h[centre - k]));
for (const v of h) peak = Math.max(peak, Math.abs(v));
console.log("");
console.log(
  `impulse response of ecgClean (default) at fs = ${fs} Hz: peak ${peak.toFixed(4)} at the impulse, ` +
    `max |h[c + k] - h[c - k]| = ${asymmetry.toExponential(1)} (float32 output): symmetric, zero phase`,
);
