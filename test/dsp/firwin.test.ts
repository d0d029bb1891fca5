import { describe, expect, it } from "vitest";
import { besselI0, firwinKaiser } from "../../src/dsp/firwin.js";
import { firwinCases } from "./fixtures/resample.js";
import { expectAllClose } from "./helpers/expect.js";

describe("firwinKaiser", () => {
  it.each(firwinCases.map((c) => [`${c.numtaps} taps, cut-off ${c.cutoff}`, c] as const))(
    "equals scipy.signal.firwin(window=('kaiser', 5.0)) within 1e-12: %s",
    (_, c) => {
      const h = firwinKaiser(c.numtaps, c.cutoff, 5);
      expect(h).toHaveLength(c.numtaps);
      expectAllClose(
        c.indices.map((i) => h[i]),
        c.at,
        1e-12,
      );
      expect(h.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    },
  );

  it("is symmetric (linear phase)", () => {
    const h = firwinKaiser(101, 0.2, 5);
    for (let i = 0; i < 50; i++) expect(h[i]).toBe(h[100 - i]);
  });
});

describe("besselI0", () => {
  it("matches reference values of I0 (scipy.special.i0)", () => {
    // python3 -c "from scipy.special import i0; print([repr(i0(x)) for x in (0, 1, 5, 20)])"
    expect(besselI0(0)).toBe(1);
    const expected = [1.2660658777520082, 27.239871823604442, 43558282.559553534];
    [1, 5, 20].forEach((x, i) => {
      expect(Math.abs(besselI0(x) / expected[i] - 1)).toBeLessThan(1e-14);
    });
  });
});
