import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { LSTM } from "../../src/nn/lstm.js";
import { countFlops } from "../../src/nn/summary.js";
import { Generator, ShapeError, Tensor } from "../../src/tensor/index.js";
import { checkAgainstTorch } from "./fixtures/torch.js";

describe("LSTM", () => {
  it("matches PyTorch's nn.LSTM (2 layers, batch first, given h0/c0): output, h_n, c_n and all gradients", () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, batchFirst: true, dtype: "float64" });
    checkAgainstTorch("lstm2Layers", lstm, (x, h0, c0) => {
      const [output, [h, c]] = lstm.forward(x, [h0, c0]);
      return [output, h, c];
    });
  });

  it("matches PyTorch with sequence-first input and a zero initial state", () => {
    const lstm = new LSTM(3, 2, { dtype: "float64" });
    checkAgainstTorch("lstmSequenceFirst", lstm, (x) => {
      const [output, [h, c]] = lstm.forward(x);
      return [output, h, c];
    });
  });

  it("names its parameters as PyTorch (weight_ih_l0, ..., bias_hh_l1) with PyTorch's shapes and init bound", () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, generator: new Generator(1) });
    expect(lstm.namedParameters().map(([name, t]) => `${name} [${t.shape}]`)).toEqual([
      "weight_ih_l0 [16,3]",
      "weight_hh_l0 [16,4]",
      "bias_ih_l0 [16]",
      "bias_hh_l0 [16]",
      "weight_ih_l1 [16,4]",
      "weight_hh_l1 [16,4]",
      "bias_ih_l1 [16]",
      "bias_hh_l1 [16]",
    ]);
    for (const t of lstm.parameters()) expect(Math.max(...t.data.map(Math.abs))).toBeLessThanOrEqual(0.5);
  });

  it("counts 4H(I + H) multiply-adds per layer, sample and step", () => {
    const lstm = new LSTM(8, 32, { batchFirst: true });
    expect(countFlops(lstm, [2, 16, 8]).macs).toBe(2 * 16 * 4 * 32 * (8 + 32));
  });

  it("rejects bad sizes, inputs and initial states with the expected shape", () => {
    expect(() => new LSTM(3, 0)).toThrow("LSTM: Expected an integer >= 1 for hiddenSize but received 0");
    expect(() => new LSTM(3, 4, { dropout: 1 })).toThrow(ConfigError);
    const lstm = new LSTM(3, 4, { batchFirst: true });
    expect(() => lstm.forward(Tensor.zeros([2, 5, 2]))).toThrow(
      "LSTM: expected input of shape (N, T, 3) but got [2, 5, 2]",
    );
    expect(() =>
      lstm.forward(Tensor.zeros([2, 5, 3]), [Tensor.zeros([1, 3, 4]), Tensor.zeros([1, 2, 4])]),
    ).toThrow(ShapeError);
  });

  it("prints its configuration as PyTorch does", () => {
    expect(new LSTM(3, 4, { numLayers: 2, batchFirst: true }).toString()).toBe(
      "LSTM(3, 4, num_layers=2, batch_first=True)",
    );
  });
});
