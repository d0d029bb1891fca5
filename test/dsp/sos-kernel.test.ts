import { describe, it } from "vitest";
import { butter } from "../../src/dsp/butter.js";
import { flattenSos } from "../../src/dsp/sos.js";
import { sosFilterInPlace } from "../../src/dsp/sos-kernel.js";
import { expectAllClose } from "./helpers/expect.js";
import { lcgUniform } from "./helpers/signals.js";

/** Oracle: one section at a time, direct form II transposed, plain arrays. */
function naiveCascade(coeffs: Float64Array, state: Float64Array, x: Float64Array): Float64Array {
  const y = Float64Array.from(x);
  for (let s = 0; s < coeffs.length / 6; s++) {
    const [b0, b1, b2, , a1, a2] = coeffs.subarray(6 * s, 6 * s + 6);
    let z0 = state[2 * s];
    let z1 = state[2 * s + 1];
    for (let i = 0; i < y.length; i++) {
      const input = y[i];
      const out = b0 * input + z0;
      z0 = b1 * input - a1 * out + z1;
      z1 = b2 * input - a2 * out;
      y[i] = out;
    }
    state[2 * s] = z0;
    state[2 * s + 1] = z1;
  }
  return y;
}

describe("sosFilterInPlace", () => {
  it.each([1, 2, 3, 4, 5, 7, 8, 9])(
    "matches a section-by-section filter for %i sections, state included",
    (n) => {
      const coeffs = flattenSos(butter(n, [5, 30], "bandpass", 250));
      const x = Float64Array.from(lcgUniform(3000, n), (u) => u - 0.5);
      const initial = Float64Array.from(lcgUniform(2 * n, 99), (u) => u * 0.1);
      const expectedState = Float64Array.from(initial);
      const expected = naiveCascade(coeffs, expectedState, x);
      const state = Float64Array.from(initial);
      const buf = Float64Array.from(x);
      sosFilterInPlace(coeffs, state, buf);
      expectAllClose(buf, expected, 1e-12);
      expectAllClose(state, expectedState, 1e-12);
    },
  );
});
