import { describe, expect, it } from "vitest";
import { MBConv1d, SqueezeExcite1d } from "../../src/models/mbconv.js";
import { BatchNorm1d, fuseForInference } from "../../src/nn/index.js";
import {
  type EngineKernels,
  Generator,
  kernelsFor,
  noGrad,
  scope,
  setBackend,
  Tensor,
} from "../../src/tensor/index.js";

const options = (seed: number) => ({
  kernel: 5,
  seRatio: 0.25,
  dropConnect: 0,
  generator: new Generator(seed),
});

/** Gives every batch norm of the module non-trivial running statistics and affine parameters. */
function trainedStatistics(block: MBConv1d, seed: number): MBConv1d {
  const g = new Generator(seed);
  for (const m of block.modules()) {
    if (!(m instanceof BatchNorm1d)) continue;
    for (let c = 0; c < m.numFeatures; c++) {
      m.runningMean!.data[c] = 0.3 * g.normal();
      m.runningVar!.data[c] = 0.5 + g.uniform();
      m.weight!.data[c] = 0.5 + g.uniform();
      m.bias!.data[c] = 0.2 * g.normal();
    }
  }
  return block;
}

describe("MBConv1d", () => {
  it("maps (N, C_in, L) to (N, C_out, ceil(L / stride)), with or without expansion", () => {
    const x = Tensor.randn([2, 16, 33], { generator: new Generator(1) });
    const down = new MBConv1d(16, 24, { ...options(2), expand: 4, stride: 2 });
    const same = new MBConv1d(16, 16, { ...options(3), expand: 1, stride: 1 });
    expect(down.forward(x).shape).toEqual([2, 24, 17]);
    expect(same.forward(x).shape).toEqual([2, 16, 33]);
    expect(down.expansion).not.toBeNull();
    expect(same.expansion).toBeNull();
  });

  it("adds the input back only with stride 1 and equal channels", () => {
    expect(new MBConv1d(16, 16, { ...options(4), expand: 4, stride: 1 }).residual).toBe(true);
    expect(new MBConv1d(16, 16, { ...options(4), expand: 4, stride: 2 }).residual).toBe(false);
    expect(new MBConv1d(16, 24, { ...options(4), expand: 4, stride: 1 }).residual).toBe(false);
  });

  it("drops the residual branch of whole samples in training (drop-connect), never in eval", () => {
    const block = new MBConv1d(8, 8, { ...options(5), expand: 2, stride: 1, dropConnect: 0.5 });
    const x = Tensor.randn([16, 8, 12], { generator: new Generator(6) });
    const branchIsZero = (y: Tensor) =>
      Array.from({ length: 16 }, (_, n) => {
        for (let i = n * 96; i < (n + 1) * 96; i++) if (y.data[i] !== x.data[i]) return false;
        return true;
      });
    const dropped = branchIsZero(block.forward(x));
    expect(dropped.filter(Boolean).length).toBeGreaterThan(0);
    expect(dropped.filter((d) => !d).length).toBeGreaterThan(0);
    block.eval();
    expect(branchIsZero(noGrad(() => block.forward(x))).some(Boolean)).toBe(false);
  });

  for (const [label, cin, cout, expand, stride] of [
    ["residual, expand 4", 16, 16, 4, 1],
    ["stride 2, expand 3", 24, 40, 3, 2],
    ["no expansion", 16, 16, 1, 1],
  ] as const) {
    it(`after fuseForInference, one fused op gives the eval outputs (${label}; within 2e-5 of the largest output)`, () => {
      const block = trainedStatistics(new MBConv1d(cin, cout, { ...options(7), expand, stride }), 8).eval();
      const x = Tensor.randn([4, cin, 40], { generator: new Generator(9) });
      const want = Array.from(scope(() => noGrad(() => block.forward(x))).data);
      expect(block.foldedWeights()).toBeNull();
      fuseForInference(block);
      expect(block.foldedWeights()).not.toBeNull();
      const got = Array.from(scope(() => noGrad(() => block.forward(x))).data);
      const scale = Math.max(...want.map(Math.abs));
      for (let i = 0; i < want.length; i++)
        expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(2e-5 * scale);
    });
  }

  for (const [label, cin, expand, stride] of [
    ["expand 4, stride 2", 16, 4, 2],
    ["no expansion, stride 1", 16, 1, 1],
  ] as const) {
    it(`in training, the fused depthwise stage gives the composed ops' outputs, gradients and running statistics (${label}; within 1e-5 of each tensor's largest value)`, () => {
      const run = (fused: boolean) => {
        const block = new MBConv1d(cin, 24, { ...options(12), expand, stride });
        const x = Tensor.randn([4, cin, 160], { generator: new Generator(13) });
        // NOTE: without depthwiseNormAct in the backend, F.depthwiseNormAct composes batchNorm and conv1d
        if (!fused) {
          const { depthwiseNormAct: _f, depthwiseNormActBackward: _b, ...plain } = kernelsFor("float32");
          setBackend(plain as EngineKernels);
        }
        try {
          const y = block.forward(x);
          y.mul(Tensor.randn(y.shape, { generator: new Generator(14) }))
            .sum()
            .backward();
          const stats = block
            .modules()
            .flatMap((m) => (m instanceof BatchNorm1d ? [m.runningMean!, m.runningVar!] : []));
          return [y, ...block.parameters().map((p) => p.grad!), ...stats].map((t) => Array.from(t.data));
        } finally {
          if (!fused) setBackend(before);
        }
      };
      const before = kernelsFor("float32");
      // (both paths run in float32 and round differently: the largest difference measured is 1.2e-6)
      const [fused, composed] = [run(true), run(false)];
      for (const [i, want] of composed.entries()) {
        const scale = Math.max(...want.map(Math.abs));
        for (let j = 0; j < want.length; j++)
          expect(
            Math.abs(fused[i][j] - want[j]),
            `tensor ${i} [${j}] of ${want.length}, scale ${scale}`,
          ).toBeLessThanOrEqual(1e-5 * scale);
      }
    });
  }

  it("after fuseForInference still trains through the composed ops when gradients are on", () => {
    const block = fuseForInference(new MBConv1d(8, 8, { ...options(10), expand: 2, stride: 1 }));
    const x = Tensor.randn([2, 8, 10], { generator: new Generator(11) });
    const y = block.forward(x);
    expect(y.requiresGrad).toBe(true);
    y.sum().backward();
    expect(block.parameters().every((p) => p.grad !== null)).toBe(true);
  });
});

describe("SqueezeExcite1d", () => {
  it("scales each channel by its gate in (0, 1): sigmoid(expand(silu(reduce(mean over L))))", () => {
    const se = new SqueezeExcite1d(6, 2, { generator: new Generator(12) });
    const x = Tensor.randn([3, 6, 10], { generator: new Generator(13) });
    const gate = se.gate(x);
    expect(gate.shape).toEqual([3, 6, 1]);
    for (const g of gate.data) expect(g > 0 && g < 1).toBe(true);
    const y = se.forward(x);
    for (let i = 0; i < x.size; i++)
      expect(y.data[i]).toBeCloseTo(x.data[i] * gate.data[Math.floor(i / 10)], 6);
  });
});
