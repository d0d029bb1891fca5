import { describe, expect, it } from "vitest";
import { type LstmLayerWeights, lstm, lstmCell } from "../../../src/nn/functional/lstm.js";
import { Generator, gradcheck, ShapeError, Tensor } from "../../../src/tensor/index.js";

function randn(shape: number[], generator: Generator): Tensor {
  return Tensor.randn(shape, { dtype: "float64", generator }).mul(0.5).detach().requiresGrad_();
}

function layers(sizes: number[], hidden: number, generator: Generator): LstmLayerWeights[] {
  return sizes.map((input) => ({
    weightIh: randn([4 * hidden, input], generator),
    weightHh: randn([4 * hidden, hidden], generator),
    biasIh: randn([4 * hidden], generator),
    biasHh: randn([4 * hidden], generator),
  }));
}

describe("lstm (functional)", () => {
  it("passes a float64 finite-difference check for input, state and every weight (2 layers)", () => {
    const g = new Generator(7);
    const weights = layers([3, 2], 2, g);
    const x = randn([2, 4, 3], g);
    const h0 = randn([2, 2, 2], g);
    const c0 = randn([2, 2, 2], g);
    const flat = weights.flatMap((w) => [w.weightIh, w.weightHh, w.biasIh!, w.biasHh!]);
    const result = gradcheck(
      (input, h, c, ...params) => {
        const rebuilt = [0, 1].map((k) => ({
          weightIh: params[4 * k],
          weightHh: params[4 * k + 1],
          biasIh: params[4 * k + 2],
          biasHh: params[4 * k + 3],
        }));
        const [output, [hn, cn]] = lstm(input, rebuilt, { batchFirst: true, state: [h, c] });
        return output.sum().add(hn.mul(2).sum()).add(cn.mul(3).sum()).reshape([1]);
      },
      [x, h0, c0, ...flat],
    );
    expect(result.mismatches).toEqual([]);
    expect(result.checked).toBe(x.size + h0.size + c0.size + flat.reduce((a, t) => a + t.size, 0));
  });

  it("equals a loop of lstmCell steps, and the last output equals h_n", () => {
    const g = new Generator(2);
    const [weights] = layers([3], 4, g);
    const x = randn([2, 5, 3], g);
    const [output, [hn, cn]] = lstm(x, [weights], { batchFirst: true });
    let h = Tensor.zeros([2, 4], { dtype: "float64" });
    let c = Tensor.zeros([2, 4], { dtype: "float64" });
    for (let t = 0; t < 5; t++) [h, c] = lstmCell(x.slice(1, t, t + 1).reshape([2, 3]), h, c, weights);
    expect([...hn.data]).toEqual([...h.data].map((v) => expect.closeTo(v, 14)));
    expect([...cn.data]).toEqual([...c.data].map((v) => expect.closeTo(v, 14)));
    expect([...output.slice(1, 4, 5).data]).toEqual([...h.data].map((v) => expect.closeTo(v, 14)));
  });

  it("works without biases", () => {
    const g = new Generator(3);
    const [weights] = layers([2], 3, g);
    const [output] = lstm(randn([1, 2, 2], g), [{ ...weights, biasIh: null, biasHh: null }]);
    expect(output.shape).toEqual([1, 2, 3]);
  });

  it("rejects an empty sequence and a wrong feature size", () => {
    const [weights] = layers([3], 2, new Generator(0));
    expect(() => lstm(Tensor.zeros([0, 2, 3], { dtype: "float64" }), [weights])).toThrow(
      "lstm: the input sequence has no time steps",
    );
    expect(() => lstm(Tensor.zeros([4, 2, 5], { dtype: "float64" }), [weights])).toThrow(ShapeError);
  });
});
