import { describe, expect, it } from "vitest";
import { alignQrs, correlation } from "../../../src/detect/pwave/qrs-align.js";

const gauss = (k: number, center: number, width: number) => Math.exp(-0.5 * ((k - center) / width) ** 2);
// A template beat at 125 Hz: R at index 40 with a small S wave after it; the QRS compared over 35-50.
const template = Float64Array.from({ length: 60 }, (_, k) => gauss(k, 40, 2) - 0.3 * gauss(k, 45, 2));
const qrs = { from: 35, to: 50 };
const shifted = { maxShift: 6, minCorrelation: 0.95 };
/** Returns a signal holding the template's beat with its R peak at `r`, its QRS widened by `widen`. */
function beatAt(r: number, widen = 1): Float32Array {
  return Float32Array.from(
    { length: 200 },
    (_, k) => gauss(k, r, 2 * widen) - 0.3 * gauss(k, r + 5, 2 * widen),
  );
}

describe("correlation", () => {
  it("is 1 for the same shape at any scale and offset, -1 inverted, 0 when flat or outside the signal", () => {
    const y = Float32Array.from({ length: 60 }, (_, k) => 3 * template[k] + 1);
    expect(correlation(y, 0, template, 30, 55)).toBeCloseTo(1, 6);
    expect(
      correlation(
        Float32Array.from(y, (v) => -v),
        0,
        template,
        30,
        55,
      ),
    ).toBeCloseTo(-1, 6);
    expect(correlation(new Float32Array(60), 0, template, 30, 55)).toBe(0);
    expect(correlation(y, 10, template, 30, 55)).toBe(0);
  });
});

describe("alignQrs", () => {
  it("keeps a beat where its R peak puts it when its QRS matches there", () => {
    expect(alignQrs(beatAt(100), 60, template, qrs, 0.7, shifted)).toEqual({ shift: 0 });
  });

  it("finds the shift of a beat whose R peak was put 5 samples early", () => {
    // The beat's R is at 105 but was marked at 100 (start = 100 - 40).
    expect(alignQrs(beatAt(105), 60, template, qrs, 0.7, shifted)).toEqual({ shift: 5 });
  });

  it("rejects a beat whose QRS complex has another shape, wherever it is shifted", () => {
    expect(alignQrs(beatAt(100, 3), 60, template, qrs, 0.9, shifted)).toBeNull();
  });
});
