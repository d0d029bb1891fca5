import { describe, expect, it } from "vitest";
import { erf } from "../../../../src/tensor/kernels/reference/erf.js";

describe("erf", () => {
  it("matches Python's math.erf on both series branches and the tail", () => {
    // python3 -c "import math; print([math.erf(v) for v in (0.1, 0.5, 1, 2, 2.9, 3.1, 4, 5.5, -1.3)])"
    const want: [number, number][] = [
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [2.9, 0.9999589021219005],
      [3.1, 0.9999883513426328],
      [4, 0.9999999845827421],
      [5.5, 0.9999999999999927],
      [-1.3, -0.9340079449406524],
    ];
    for (const [x, y] of want) expect(Math.abs(erf(x) - y)).toBeLessThanOrEqual(2e-15 * Math.abs(y));
  });
  it("is odd, exact at 0 and saturates to +-1", () => {
    expect(erf(0)).toBe(0);
    expect(erf(-0.7)).toBe(-erf(0.7));
    expect(erf(7)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
  });
});
