import { describe, expect, it } from "vitest";
import { ReLU } from "../../src/nn/activation.js";
import { Sequential } from "../../src/nn/container.js";
import { Conv1d } from "../../src/nn/conv.js";
import { fuseConvBatchNorm, fuseForInference } from "../../src/nn/fuse.js";
import { Identity } from "../../src/nn/linear.js";
import { BatchNorm1d } from "../../src/nn/norm.js";
import { type DType, Generator, noGrad, scope, Tensor } from "../../src/tensor/index.js";

/** Gives a batch norm non-trivial running statistics and affine parameters (seeded). */
function trainedStatistics(bn: BatchNorm1d, seed: number): BatchNorm1d {
  const g = new Generator(seed);
  for (let c = 0; c < bn.numFeatures; c++) {
    bn.runningMean!.data[c] = g.normal();
    bn.runningVar!.data[c] = 0.2 + g.uniform() * 2;
    if (bn.weight) bn.weight.data[c] = 0.5 + g.uniform();
    if (bn.bias) bn.bias.data[c] = g.normal();
  }
  return bn;
}

/** A small conv net: stem conv + BN(SiLU), depthwise conv + BN(ReLU), pointwise conv with bias + BN, ReLU. */
function net(dtype: DType): Sequential {
  const generator = new Generator(3);
  return new Sequential(
    new Conv1d(2, 6, 5, { stride: 2, padding: 2, bias: false, dtype, generator }),
    trainedStatistics(new BatchNorm1d(6, { activation: "silu", dtype }), 4),
    new Conv1d(6, 6, 3, { padding: 1, groups: 6, bias: false, dtype, generator }),
    trainedStatistics(new BatchNorm1d(6, { activation: "relu", dtype }), 5),
    new Conv1d(6, 4, 1, { dtype, generator }),
    trainedStatistics(new BatchNorm1d(4, { dtype }), 6),
    new ReLU(),
  );
}

describe("fuseForInference", () => {
  for (const [dtype, tolerance] of [
    ["float64", 1e-12],
    ["float32", 2e-5],
  ] as const) {
    it(`gives the eval-mode outputs of the unfused model (${dtype}, within ${tolerance} relative to the largest output)`, () => {
      const model = net(dtype).eval();
      const x = Tensor.randn([3, 2, 40], { dtype, generator: new Generator(7) });
      const want = Array.from(scope(() => noGrad(() => model.forward(x))).data);
      fuseForInference(model);
      const got = Array.from(scope(() => noGrad(() => model.forward(x))).data);
      const scale = Math.max(...want.map(Math.abs));
      for (let i = 0; i < want.length; i++)
        expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tolerance * scale);
    });
  }

  it("replaces each conv + batch norm pair by one conv with the batch norm's activation and an Identity", () => {
    const model = fuseForInference(net("float32"));
    const layers = [...model];
    expect(layers.map((l) => l.constructor.name)).toEqual([
      "Conv1d",
      "Identity",
      "Conv1d",
      "Identity",
      "Conv1d",
      "Identity",
      "ReLU",
    ]);
    expect(layers.filter((l) => l instanceof Conv1d).map((c) => (c as Conv1d).activation)).toEqual([
      "silu",
      "relu",
      null,
    ]);
    expect(model.training).toBe(false);
    expect(Object.keys(model.stateDict())).toEqual([
      "0.weight",
      "0.bias",
      "2.weight",
      "2.bias",
      "4.weight",
      "4.bias",
    ]);
  });

  it("leaves batch norms without running statistics or not after a conv, and convs that already activate", () => {
    const lone = new Sequential(
      new BatchNorm1d(2),
      new Conv1d(2, 2, 1, { activation: "relu" }),
      new BatchNorm1d(2),
    );
    const untracked = new Sequential(new Conv1d(2, 2, 1), new BatchNorm1d(2, { trackRunningStats: false }));
    fuseForInference(lone);
    fuseForInference(untracked);
    expect([...lone].map((l) => l.constructor.name)).toEqual(["BatchNorm1d", "Conv1d", "BatchNorm1d"]);
    expect([...untracked].map((l) => l.constructor.name)).toEqual(["Conv1d", "BatchNorm1d"]);
    expect(new Identity().forward(Tensor.zeros([1])).shape).toEqual([1]);
  });

  it("fuseConvBatchNorm rejects a batch norm without statistics or of another width", () => {
    expect(() =>
      fuseConvBatchNorm(new Conv1d(2, 3, 1), new BatchNorm1d(3, { trackRunningStats: false })),
    ).toThrow("fuseConvBatchNorm: the batch norm has no running statistics to fold");
    expect(() => fuseConvBatchNorm(new Conv1d(2, 3, 1), new BatchNorm1d(4))).toThrow(
      "fuseConvBatchNorm: the batch norm has 4 channels but the conv 3 outputs",
    );
  });
});
