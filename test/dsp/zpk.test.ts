import { describe, expect, it } from "vitest";
import { cabs } from "../../src/dsp/complex.js";
import { bilinear, buttap, lp2bp, lp2bs, lp2hp, lp2lp } from "../../src/dsp/zpk.js";

describe("zpk transforms", () => {
  it("buttap(n) puts n poles on the left half of the unit circle, the odd one at -1", () => {
    const { z, p, k } = buttap(3);
    expect(z).toEqual([]);
    expect(k).toBe(1);
    expect(p).toHaveLength(3);
    for (const pole of p) {
      expect(cabs(pole)).toBeCloseTo(1, 15);
      expect(pole.re).toBeLessThan(0);
    }
    expect(p[1].re).toBe(-1);
    expect(p[0].re).toBeCloseTo(-0.5, 15);
  });

  it("lp2lp scales poles and gain; lp2hp inverts poles and adds zeros at 0", () => {
    const lp = lp2lp(buttap(2), 3);
    expect(cabs(lp.p[0])).toBeCloseTo(3, 14);
    expect(lp.k).toBeCloseTo(9, 14);
    const hp = lp2hp(buttap(2), 3);
    expect(hp.z).toEqual([
      { re: 0, im: 0 },
      { re: 0, im: 0 },
    ]);
    expect(cabs(hp.p[0])).toBeCloseTo(3, 14);
    expect(hp.k).toBeCloseTo(1, 14);
  });

  it("lp2bp and lp2bs double the poles; the band-stop zeros sit at ±j wo", () => {
    const bp = lp2bp(buttap(2), 2, 1);
    expect(bp.p).toHaveLength(4);
    expect(bp.z).toHaveLength(2);
    const bs = lp2bs(buttap(2), 2, 1);
    expect(bs.p).toHaveLength(4);
    expect(bs.z.map((c) => c.im)).toEqual([2, 2, -2, -2]);
  });

  it("bilinear maps s = 0 to z = 1 and adds zeros at z = -1 for the excess poles", () => {
    const d = bilinear(
      {
        z: [{ re: 0, im: 0 }],
        p: [
          { re: -1, im: 0 },
          { re: -2, im: 0 },
        ],
        k: 1,
      },
      2,
    );
    expect(d.z[0]).toEqual({ re: 1, im: 0 });
    expect(d.z[1]).toEqual({ re: -1, im: 0 });
    expect(d.p[0].re).toBeCloseTo(3 / 5, 15);
  });
});
