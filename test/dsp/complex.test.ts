import { describe, expect, it } from "vitest";
import { cabs, cadd, cdiv, cmul, complex, conj, cprod, cscale, csqrt, csub } from "../../src/dsp/complex.js";

describe("complex", () => {
  it("does the field operations", () => {
    const a = complex(1, 2);
    const b = complex(3, -1);
    expect(cadd(a, b)).toEqual({ re: 4, im: 1 });
    expect(csub(a, b)).toEqual({ re: -2, im: 3 });
    expect(cmul(a, b)).toEqual({ re: 5, im: 5 });
    expect(cscale(a, 2)).toEqual({ re: 2, im: 4 });
    expect(conj(a)).toEqual({ re: 1, im: -2 });
    expect(cabs(complex(3, 4))).toBe(5);
    expect(cprod([a, b, complex(0, 1)])).toEqual({ re: -5, im: 5 });
    expect(cprod([])).toEqual({ re: 1, im: 0 });
  });

  it("divides with both branches of Smith's algorithm", () => {
    const q1 = cdiv(complex(5, 5), complex(3, -1));
    const q2 = cdiv(complex(5, 5), complex(1, 3));
    expect(q1.re).toBeCloseTo(1, 15);
    expect(q1.im).toBeCloseTo(2, 15);
    expect(q2.re).toBeCloseTo(2, 15);
    expect(q2.im).toBeCloseTo(-1, 15);
  });

  it("takes the principal square root, keeping the sign of a zero imaginary part on the cut", () => {
    expect(csqrt(complex(-4, 0))).toEqual({ re: 0, im: 2 });
    expect(csqrt(complex(-4, -0))).toEqual({ re: 0, im: -2 });
    expect(csqrt(complex(4, 0))).toEqual({ re: 2, im: 0 });
    const r = csqrt(complex(3, 4));
    expect(r.re).toBeCloseTo(2, 15);
    expect(r.im).toBeCloseTo(1, 15);
    const s = csqrt(complex(-3, -4));
    expect(s.re).toBeCloseTo(1, 15);
    expect(s.im).toBeCloseTo(-2, 15);
  });
});
