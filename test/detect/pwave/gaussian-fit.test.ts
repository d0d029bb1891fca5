import { describe, expect, it } from "vitest";
import { fitAsymmetricGaussian } from "../../../src/detect/pwave/gaussian-fit.js";
import { SeededRandom } from "../../../src/simulate/random.js";

function wave(length: number, center: number, left: number, right: number, amplitude: number, noise = 0) {
  const rng = new SeededRandom(3);
  return Float64Array.from({ length }, (_, k) => {
    const width = k <= center ? left : right;
    return 0.2 + 0.004 * k + amplitude * Math.exp(-0.5 * ((k - center) / width) ** 2) + noise * rng.normal();
  });
}

const search = { centerRange: 3, minWidth: 1, maxWidth: 8, step: 1 };

describe("fitAsymmetricGaussian", () => {
  it("recovers centre, widths and amplitude of a wave on a sloping baseline", () => {
    const fit = fitAsymmetricGaussian(wave(60, 30.25, 4.5, 3, 0.15), 0, 59, 31, 1, search);
    expect(fit).not.toBeNull();
    expect(fit!.center).toBeCloseTo(30.25, 1);
    expect(fit!.left).toBeCloseTo(4.5, 1);
    expect(fit!.right).toBeCloseTo(3, 1);
    expect(fit!.amplitude).toBeCloseTo(0.15, 3);
  });

  it("stays within a grid step with noise (SD a tenth of the amplitude)", () => {
    const fit = fitAsymmetricGaussian(wave(60, 28, 5, 4, -0.1, 0.01), 0, 59, 29, -1, search)!;
    expect(Math.abs(fit.center - 28)).toBeLessThan(1);
    expect(Math.abs(fit.left - 5)).toBeLessThan(1);
    expect(Math.abs(fit.right - 4)).toBeLessThan(1);
    expect(fit.amplitude).toBeCloseTo(-0.1, 2);
  });

  it("returns null when no wave of the requested sign fits", () => {
    expect(fitAsymmetricGaussian(wave(60, 30, 4, 4, 0.2), 0, 59, 30, -1, search)).toBeNull();
  });
});
