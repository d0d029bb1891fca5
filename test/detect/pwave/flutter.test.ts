import { describe, expect, it } from "vitest";
import { type CandidateWave, repeatsAtFlutterRate } from "../../../src/detect/pwave/flutter.js";
import { templateParameters } from "../../../src/detect/pwave/template-method.js";

const fs = 125;
const gauss = (k: number, center: number, width: number) => Math.exp(-0.5 * ((k - center) / width) ** 2);

/**
 * Returns a work-rate signal with beats every `rr` samples (R peaks from 200 on), the given waves before each R
 * peak ([samples before R, amplitude, width]), and the candidate wave (the first of them) of each beat.
 */
function beats(
  rr: number,
  waves: Array<[number, number, number]>,
): { y: Float32Array; candidates: CandidateWave[] } {
  const y = new Float32Array(200 + 12 * rr);
  const candidates: CandidateWave[] = [];
  for (let r = 200; r < y.length - 20; r += rr) {
    for (let k = Math.max(0, r - rr); k < Math.min(y.length, r + 10); k++) {
      y[k] += gauss(k, r, 2);
      for (const [before, amplitude, width] of waves) y[k] += amplitude * gauss(k, r - before, width);
    }
    const [before, , width] = waves[0];
    candidates.push({ start: r - before - 3 * width, length: 6 * width + 1, previousR: r - rr });
  }
  return { y, candidates };
}

describe("repeatsAtFlutterRate", () => {
  const test = templateParameters.flutter;

  it("finds a wave that repeats one and two atrial cycles earlier (4:1 flutter, 268 waves per minute)", () => {
    // Cycle of 28 samples (224 ms); four flutter waves per RR interval.
    const { y, candidates } = beats(112, [
      [20, -0.15, 4],
      [48, -0.15, 4],
      [76, -0.15, 4],
      [104, -0.15, 4],
    ]);
    expect(repeatsAtFlutterRate(y, candidates, fs, test)).toBe(true);
  });

  it("takes no sinus P wave for a flutter wave (the flat TP segment and the T wave come before it)", () => {
    const { y, candidates } = beats(112, [
      [20, 0.12, 4],
      [70, 0.3, 8],
    ]);
    expect(repeatsAtFlutterRate(y, candidates, fs, test)).toBe(false);
  });

  it("decides nothing when no RR interval holds two cycles after its QRS complex (2:1 flutter)", () => {
    const { y, candidates } = beats(56, [
      [20, -0.15, 4],
      [48, -0.15, 4],
    ]);
    expect(repeatsAtFlutterRate(y, candidates, fs, test)).toBe(false);
  });
});
