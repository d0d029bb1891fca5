import { describe, expect, it } from "vitest";
import { GELU, ReLU, Sigmoid, SiLU, Tanh } from "../../src/nn/activation.js";
import { Tensor } from "../../src/tensor/index.js";
import { checkAgainstTorch } from "./fixtures/torch.js";

describe("activation layers", () => {
  it("GELU (exact erf form) and SiLU match PyTorch forward and gradient", () => {
    const gelu = new GELU();
    checkAgainstTorch("gelu", gelu, (x) => gelu.forward(x), { tolerance: 1e-9 });
    const silu = new SiLU();
    checkAgainstTorch("silu", silu, (x) => silu.forward(x));
  });

  it("ReLU, Sigmoid and Tanh compute their formulas element-wise", () => {
    const x = Tensor.from([-2, 0, 0.5], [3], { dtype: "float64" });
    expect([...new ReLU().forward(x).data]).toEqual([0, 0, 0.5]);
    expect([...new Sigmoid().forward(x).data]).toEqual(
      [-2, 0, 0.5].map((v) => expect.closeTo(1 / (1 + Math.exp(-v)), 15)),
    );
    expect([...new Tanh().forward(x).data]).toEqual(
      [-2, 0, 0.5].map((v) => expect.closeTo(Math.tanh(v), 15)),
    );
  });

  it("print with empty parentheses as in PyTorch", () => {
    expect(String(new SiLU())).toBe("SiLU()");
  });
});
