import { describe, expect, it } from "vitest";
import { adamwStep } from "../../../../src/tensor/kernels/reference/optim.js";

describe("reference adamwStep", () => {
  it("applies decoupled decay, then the bias-corrected moment step (hand-computed first step)", () => {
    // lr 0.1, weight decay 0.05, betas (0.9, 0.99), eps 1e-6, g = 0.1 from zero moments:
    // m = 0.01, v = 1e-4; p = 0.5 (1 - 0.005) - 0.1 / (1 - 0.9) * 0.01 / (sqrt(1e-4) / sqrt(1 - 0.99) + 1e-6)
    const [p, m, v] = [Float64Array.of(0.5), new Float64Array(1), new Float64Array(1)];
    const h = { decay: 1 - 0.1 * 0.05, beta1: 0.9, beta2: 0.99, eps: 1e-6 };
    adamwStep(p, Float64Array.of(0.1), m, v, { ...h, stepSize: 0.1 / 0.1, correction2Sqrt: Math.sqrt(0.01) });
    expect(m[0]).toBeCloseTo(0.01, 15);
    expect(v[0]).toBeCloseTo(1e-4, 15);
    expect(p[0]).toBeCloseTo(0.4975 - 0.01 / 0.100001, 15);
  });
});
