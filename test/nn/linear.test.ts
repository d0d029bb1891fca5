import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { Identity, Linear } from "../../src/nn/linear.js";
import { Generator, ShapeError, Tensor } from "../../src/tensor/index.js";
import { checkAgainstTorch } from "./fixtures/torch.js";

describe("Linear", () => {
  it("matches PyTorch's nn.Linear forward and gradients on a (2, 5, 4) input", () => {
    const layer = new Linear(4, 3, { dtype: "float64" });
    checkAgainstTorch("linear", layer, (x) => layer.forward(x));
  });

  it("matches PyTorch without bias, and in float32 within float32 rounding", () => {
    const layer = new Linear(4, 3, { bias: false, dtype: "float64" });
    checkAgainstTorch("linearNoBias", layer, (x) => layer.forward(x));
    const single = new Linear(4, 3, { bias: false });
    checkAgainstTorch("linearNoBias", single, (x) => single.forward(x), {
      dtype: "float32",
      tolerance: 1e-5,
    });
  });

  it("initialises weight and bias in U(-1/sqrt(in), 1/sqrt(in)), the same for the same generator seed", () => {
    const a = new Linear(16, 8, { generator: new Generator(3) });
    const b = new Linear(16, 8, { generator: new Generator(3) });
    expect([...a.weight.data]).toEqual([...b.weight.data]);
    const bound = 1 / 4;
    expect(Math.max(...a.weight.data.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...a.bias!.data.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...a.weight.data.map(Math.abs))).toBeGreaterThan(0.8 * bound);
  });

  it("rejects bad sizes and inputs whose last axis is not in_features", () => {
    expect(() => new Linear(0, 3)).toThrow(ConfigError);
    expect(() => new Linear(0, 3)).toThrow("Linear: Expected an integer >= 1 for inFeatures but received 0");
    expect(() => new Linear(4, 3).forward(Tensor.zeros([2, 5]))).toThrow(ShapeError);
  });

  it("describes itself as PyTorch does", () => {
    expect(new Linear(4, 3, { bias: false }).toString()).toBe(
      "Linear(in_features=4, out_features=3, bias=False)",
    );
  });
});

describe("Identity", () => {
  it("returns its input", () => {
    const x = Tensor.ones([2]);
    expect(new Identity().forward(x)).toBe(x);
  });
});
