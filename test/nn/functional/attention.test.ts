import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { multiHeadAttention, scaledDotProductAttention } from "../../../src/nn/functional/attention.js";
import { Generator, gradcheck, ShapeError, Tensor } from "../../../src/tensor/index.js";

const g = new Generator(21);
const randn = (shape: number[]) =>
  Tensor.randn(shape, { dtype: "float64", generator: g }).mul(0.5).detach().requiresGrad_();

describe("scaledDotProductAttention", () => {
  it("passes a float64 finite-difference check for q, k and v with an additive causal mask", () => {
    const mask = Tensor.from([0, -Infinity, -Infinity, 0, 0, -Infinity, 0, 0, 0], [3, 3], {
      dtype: "float64",
    });
    const result = gradcheck(
      (q, k, v) => scaledDotProductAttention(q, k, v, { attnMask: mask })[0],
      [randn([2, 3, 4]), randn([2, 3, 4]), randn([2, 3, 2])],
    );
    expect(result.mismatches).toEqual([]);
  });

  it("gives weights that sum to 1 per query and are 0 where masked", () => {
    const mask = Tensor.from([0, -Infinity], [1, 2], { dtype: "float64" });
    const [, weights] = scaledDotProductAttention(randn([1, 1, 3]), randn([1, 2, 3]), randn([1, 2, 3]), {
      attnMask: mask,
    });
    expect([...weights.data]).toEqual([1, 0]);
  });
});

describe("multiHeadAttention", () => {
  const e = 4;
  const weights = () => ({
    inProjWeight: randn([3 * e, e]),
    inProjBias: randn([3 * e]),
    outProjWeight: randn([e, e]),
    outProjBias: randn([e]),
  });

  it("passes a finite-difference check for cross-attention inputs and all weights, with a padding mask", () => {
    const w = weights();
    const mask = Tensor.from([0, 0, 1, 0, 0, 0], [2, 3], { dtype: "float64" });
    const result = gradcheck(
      (q, kv, a, b, c, d) =>
        multiHeadAttention(
          q,
          kv,
          kv,
          2,
          { inProjWeight: a, inProjBias: b, outProjWeight: c, outProjBias: d },
          { keyPaddingMask: mask },
        )[0],
      [randn([2, 2, e]), randn([2, 3, e]), w.inProjWeight, w.inProjBias, w.outProjWeight, w.outProjBias],
    );
    expect(result.mismatches).toEqual([]);
  });

  it("passes a finite-difference check for self-attention (one packed projection)", () => {
    const w = weights();
    const result = gradcheck(
      (x, a, b) => multiHeadAttention(x, x, x, 2, { ...w, inProjWeight: a, inProjBias: b })[0],
      [randn([1, 3, e]), w.inProjWeight, w.inProjBias],
    );
    expect(result.mismatches).toEqual([]);
  });

  it("ignores padded keys: changing a masked key does not change the output", () => {
    const w = weights();
    const q = randn([1, 2, e]);
    const kv = randn([1, 3, e]);
    const mask = Tensor.from([0, 0, 1], [1, 3], { dtype: "float64" });
    const [before] = multiHeadAttention(q, kv, kv, 2, w, { keyPaddingMask: mask });
    const changed = kv.detach().clone();
    changed.data.fill(9, 2 * e, 3 * e);
    const [after] = multiHeadAttention(q, changed, changed, 2, w, { keyPaddingMask: mask });
    expect([...after.data]).toEqual([...before.data].map((v) => expect.closeTo(v, 13)));
  });

  it("rejects a head count that does not divide the size and masks of the wrong shape", () => {
    const w = weights();
    const x = randn([1, 2, e]);
    expect(() => multiHeadAttention(x, x, x, 3, w)).toThrow(ConfigError);
    expect(() =>
      multiHeadAttention(x, x, x, 2, w, { keyPaddingMask: Tensor.zeros([1, 5], { dtype: "float64" }) }),
    ).toThrow("multiHeadAttention: expected keyPaddingMask of shape [1, 2] but got [1, 5]");
    expect(() =>
      multiHeadAttention(x, x, x, 2, w, { attnMask: Tensor.zeros([3, 3], { dtype: "float64" }) }),
    ).toThrow(ShapeError);
  });
});
