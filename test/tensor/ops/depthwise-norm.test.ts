import { afterEach, describe, expect, it } from "vitest";
import { setBackend } from "../../../src/tensor/backend.js";
import type { EngineKernels } from "../../../src/tensor/kernels/kernels.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { conv1d } from "../../../src/tensor/ops/conv.js";
import {
  type DepthwiseNormOptions,
  depthwiseNormAct,
  type NormWeights,
} from "../../../src/tensor/ops/depthwise-norm.js";
import { batchNorm } from "../../../src/tensor/ops/norm.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectClose, expectGradcheck, randomInput, uniformInput } from "../helpers.js";

const C = 3;

/** A batch norm's weights in float64: gamma around 1, running statistics (0, 1). */
function normWeights(seed: number, momentum = 0.1): NormWeights {
  return {
    gamma: uniformInput([C], seed, 0.5, 1.5),
    beta: randomInput([C], seed + 1, 0.3),
    runningMean: Tensor.zeros([C], { dtype: "float64" }),
    runningVar: Tensor.ones([C], { dtype: "float64" }),
    momentum,
  };
}

/** act(outNorm(conv(act(inNorm(x))))) composed from batchNorm and conv1d, the definition of the fused op. */
function composed(x: Tensor, w: Tensor, o: DepthwiseNormOptions): Tensor {
  const norm = (t: Tensor, n: NormWeights) =>
    batchNorm(t, n.runningMean, n.runningVar, n.gamma, n.beta, {
      training: true,
      momentum: n.momentum,
      eps: n.eps,
      activation: o.activation,
    });
  const e = o.inNorm ? norm(x, o.inNorm) : x;
  const { stride, padding, dilation } = o;
  return norm(conv1d(e, w, null, { stride, padding, dilation, groups: C }), o.outNorm);
}

/** Returns every gradient (x, w, both norms' gamma and beta) after backward of sum(y * v). */
function gradients(y: Tensor, v: Tensor, leaves: Tensor[]): number[][] {
  y.mul(v).sum().backward();
  const grads = leaves.map((t) => Array.from(t.grad!.data));
  for (const t of leaves) t.grad = null;
  return grads;
}

const cases: [string, Omit<DepthwiseNormOptions, "inNorm" | "outNorm">, boolean][] = [
  ["with the input norm, SiLU, stride 2", { stride: 2, padding: 2, activation: "silu" }, true],
  ["without the input norm, SiLU, stride 1", { padding: 1, activation: "silu" }, false],
  ["with the input norm, ReLU, dilation 2", { padding: 2, dilation: 2, activation: "relu" }, true],
];

describe("depthwiseNormAct", () => {
  afterEach(() => setBackend("reference"));

  for (const [label, conv, withInNorm] of cases) {
    const K = conv.dilation === 2 ? 3 : conv.stride === 2 ? 5 : 3;
    it(`equals batchNorm, conv1d and batchNorm composed, running statistics included (${label}; float64, 1e-12)`, () => {
      const x = randomInput([2, C, 9], 1);
      const w = randomInput([C, 1, K], 2);
      const fused = { ...conv, inNorm: withInNorm ? normWeights(4) : null, outNorm: normWeights(6) };
      const plain = { ...conv, inNorm: withInNorm ? normWeights(4) : null, outNorm: normWeights(6) };
      const leaves = (o: DepthwiseNormOptions) =>
        [x, w, o.inNorm?.gamma, o.inNorm?.beta, o.outNorm.gamma, o.outNorm.beta].filter(
          (t): t is Tensor => !!t,
        );
      const yFused = depthwiseNormAct(x, w, fused);
      const yPlain = composed(x, w, plain);
      const v = randomInput([...yFused.shape], 3);
      expectClose(yFused.data, yPlain.data, 1e-12);
      const gFused = gradients(yFused, v, leaves(fused));
      const gPlain = gradients(yPlain, v, leaves(plain));
      for (const [i, g] of gFused.entries()) expectClose(g, gPlain[i], 1e-12);
      for (const key of ["runningMean", "runningVar"] as const) {
        expectClose(fused.outNorm[key]!.data, plain.outNorm[key]!.data, 1e-12);
        if (withInNorm) expectClose(fused.inNorm![key]!.data, plain.inNorm![key]!.data, 1e-12);
      }
    });

    it(`gradients of x, w and both norms' gamma and beta match finite differences (${label})`, () => {
      expectGradcheck(
        (x, w, g1, b1, g2, b2) =>
          depthwiseNormAct(x, w, {
            ...conv,
            inNorm: withInNorm ? { gamma: g1, beta: b1, runningMean: null, runningVar: null } : null,
            outNorm: { gamma: g2, beta: b2, runningMean: null, runningVar: null },
          }),
        [
          randomInput([2, C, 8], 11),
          randomInput([C, 1, K], 12),
          uniformInput([C], 13, 0.5, 1.5),
          randomInput([C], 14, 0.3),
          uniformInput([C], 15, 0.5, 1.5),
          randomInput([C], 16, 0.3),
        ],
      );
    });
  }

  it("without the fused kernels in the backend, composes the plain ops (float32, within 1e-5)", () => {
    const x = Tensor.from(randomInput([2, C, 12], 21).data, [2, C, 12]);
    const w = Tensor.from(randomInput([C, 1, 3], 22).data, [C, 1, 3]);
    const options = (): DepthwiseNormOptions => ({
      padding: 1,
      activation: "silu",
      inNorm: { gamma: null, beta: null, runningMean: null, runningVar: null },
      outNorm: { gamma: null, beta: null, runningMean: null, runningVar: null },
    });
    const fused = depthwiseNormAct(x, w, options());
    const { depthwiseNormAct: _f, depthwiseNormActBackward: _b, ...plain } = referenceKernels;
    setBackend(plain as EngineKernels);
    const y = depthwiseNormAct(x, w, options());
    expectClose(y.data, fused.data, 1e-5);
  });

  it("names the argument and the rule on bad input", () => {
    const x = Tensor.zeros([2, C, 8]);
    const norm = { gamma: null, beta: null, runningMean: null, runningVar: null };
    const call =
      (xx: Tensor, w: Tensor, o: Partial<DepthwiseNormOptions> = {}) =>
      () =>
        depthwiseNormAct(xx, w, { activation: "silu", outNorm: norm, ...o });
    expect(call(x, Tensor.zeros([C, 2, 3]))).toThrow(
      "depthwiseNormAct: weight must have shape [3, 1, K] (one filter per channel of x), not [3, 2, 3]",
    );
    expect(call(x, Tensor.zeros([C, 1, 3]), { activation: "gelu" as "silu" })).toThrow(
      'depthwiseNormAct: Expected "silu" or "relu" for activation but received "gelu"',
    );
    expect(call(x, Tensor.zeros([C, 1, 9]))).toThrow(
      "depthwiseNormAct: input length 8 plus padding 0 is shorter than the dilated kernel (9)",
    );
    expect(call(x, Tensor.zeros([C, 1, 3]), { outNorm: { ...norm, gamma: Tensor.ones([2]) } })).toThrow(
      "depthwiseNormAct: outNorm.gamma must have shape [3] (the channels of x), not [2]",
    );
    expect(call(Tensor.zeros([1, C, 1]), Tensor.zeros([C, 1, 1]))).toThrow(
      "depthwiseNormAct: outNorm needs more than 1 value per channel in training, got 1 x 1",
    );
    expect(call(x, Tensor.zeros([C, 1, 3]), { stride: 0 })).toThrow(
      "depthwiseNormAct: Expected an integer >= 1 for stride but received 0",
    );
  });
});
