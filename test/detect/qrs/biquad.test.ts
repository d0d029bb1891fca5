import { describe, expect, it } from "vitest";
import { filterSections, highpassSection, lowpassSection } from "../../../src/detect/qrs/biquad.js";

describe("Butterworth biquad sections", () => {
  it("equal scipy's 2nd-order Butterworth designs", () => {
    // Reference: python3 -c "from scipy.signal import butter; print(butter(2, 5, 'highpass', fs=360),
    //   butter(2, 20, 'lowpass', fs=360), butter(2, 15, 'lowpass', fs=128))"  (scipy 1.17.1)
    const cases = [
      [
        highpassSection(5, 360),
        [0.9401569638962208, -1.8803139277924417, -1.876729526839776, 0.8838983287451071],
      ],
      [
        lowpassSection(20, 360),
        [0.02428136794066704, 0.04856273588133407, -1.5133817833755803, 0.6105072551382483],
      ],
      [
        lowpassSection(15, 128),
        [0.08782128175913714, 0.1756425635182743, -1.004772209703067, 0.35605733673961537],
      ],
    ] as const;
    for (const [section, [b0, b1, a1, a2]] of cases) {
      expect(section.b0).toBeCloseTo(b0, 12);
      expect(section.b1).toBeCloseTo(b1, 12);
      expect(section.b2).toBeCloseTo(b0, 12);
      expect(section.a1).toBeCloseTo(a1, 12);
      expect(section.a2).toBeCloseTo(a2, 12);
    }
  });

  it("start from the steady state: a constant input passes a low-pass unchanged from the first sample", () => {
    const x = new Float32Array(100).fill(3);
    const y = filterSections([lowpassSection(20, 360), lowpassSection(30, 360)], x, new Float32Array(100));
    for (const v of y) expect(v).toBeCloseTo(3, 5);
    const z = filterSections([highpassSection(5, 360), lowpassSection(20, 360)], x, new Float32Array(100));
    for (const v of z) expect(Math.abs(v)).toBeLessThan(1e-6);
  });

  it("run backwards as the mirror image of a forward pass", () => {
    const x = Float32Array.from({ length: 200 }, (_, i) => Math.sin(i / 5) + (i === 50 ? 4 : 0));
    const sections = [highpassSection(5, 360), lowpassSection(20, 360)] as const;
    const forward = filterSections(sections, Float32Array.from(x).reverse(), new Float32Array(200)).reverse();
    const backward = filterSections(sections, x, new Float32Array(200), true);
    for (let i = 0; i < 200; i++) expect(backward[i]).toBeCloseTo(forward[i], 5);
  });

  it("filter in place and accept an empty signal", () => {
    const x = Float32Array.from({ length: 50 }, (_, i) => i % 7);
    const copy = filterSections([lowpassSection(20, 360), lowpassSection(20, 360)], x, new Float32Array(50));
    filterSections([lowpassSection(20, 360), lowpassSection(20, 360)], x, x);
    expect(Array.from(x)).toEqual(Array.from(copy));
    expect(
      filterSections(
        [lowpassSection(20, 360), lowpassSection(20, 360)],
        new Float32Array(0),
        new Float32Array(0),
      ).length,
    ).toBe(0);
  });
});
