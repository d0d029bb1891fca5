import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../src/simulate/random.js";
import { addBeat, drawMorphology } from "../../src/simulate/waves.js";

const fs = 500;

function render(withP: boolean, kind: "N" | "V" = "N") {
  const shape = drawMorphology(0.15, new SeededRandom(1));
  const out = new Float64Array(2 * fs);
  const p = addBeat(out, fs, fs, { time: 1, kind, rr: 1 }, shape, withP, new SeededRandom(2));
  return { out, p, shape };
}

describe("drawMorphology", () => {
  it("draws wave parameters inside normal adult ranges", () => {
    for (let seed = 0; seed < 50; seed++) {
      const m = drawMorphology(-0.1, new SeededRandom(seed));
      expect(m.pAmplitude).toBe(-0.1);
      expect(m.pDuration).toBeGreaterThanOrEqual(0.08);
      expect(m.pDuration).toBeLessThanOrEqual(0.12);
      expect(m.pOnsetToR).toBeGreaterThanOrEqual(0.17);
      expect(m.rAmplitude).toBeGreaterThan(0.5);
      expect(m.qAmplitude).toBeLessThan(0);
      expect(m.sAmplitude).toBeLessThan(0);
    }
  });
});

describe("addBeat", () => {
  it("puts the R peak at the R sample as the beat's maximum", () => {
    const { out } = render(true);
    let argmax = 0;
    for (let i = 0; i < out.length; i++) if (out[i] > out[argmax]) argmax = i;
    expect(argmax).toBe(fs);
  });

  it("returns the P wave it drew: zero outside onset..offset, its extremum at peak", () => {
    const withP = render(true);
    const without = render(false);
    expect(without.p).toBeNull();
    const p = withP.p!;
    expect(p.onset).toBe(fs - Math.round(withP.shape.pOnsetToR * fs));
    expect(p.peak - p.onset).toBe(p.offset - p.peak);
    expect((p.offset - p.onset) / fs).toBeCloseTo(withP.shape.pDuration, 2);
    const diff = withP.out.map((v, i) => v - without.out[i]);
    let argmax = 0;
    for (let i = 0; i < diff.length; i++) {
      if (i <= p.onset || i >= p.offset) expect(Math.abs(diff[i])).toBeLessThan(1e-12);
      else expect(diff[i]).toBeGreaterThan(0);
      if (diff[i] > diff[argmax]) argmax = i;
    }
    expect(argmax).toBe(p.peak);
    expect(diff[p.peak]).toBeCloseTo(0.15, 1);
  });

  it("draws ventricular beats wide and without a P wave", () => {
    const { out, p } = render(true, "V");
    expect(p).toBeNull();
    // Wide QRS: still above half its height 40 ms from the peak (a normal R is back near zero there).
    expect(out[fs + 0.02 * fs]).toBeGreaterThan(0.5 * out[fs]);
    expect(render(true).out[fs + 0.02 * fs]).toBeLessThan(0.2);
  });
});
