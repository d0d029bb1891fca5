import { describe, it } from "vitest";
import { AdaptiveAvgPool1d, AvgPool1d, MaxPool1d } from "../../src/nn/pooling.js";
import { checkAgainstTorch } from "./fixtures/torch.js";

describe("pooling", () => {
  it("MaxPool1d(3, stride 2, padding 1) matches PyTorch forward and gradient", () => {
    const pool = new MaxPool1d(3, { stride: 2, padding: 1 });
    checkAgainstTorch("maxPool", pool, (x) => pool.forward(x));
  });

  it("AvgPool1d(3, stride 2, padding 1) counts padding zeros as PyTorch does by default", () => {
    const pool = new AvgPool1d(3, { stride: 2, padding: 1 });
    checkAgainstTorch("avgPool", pool, (x) => pool.forward(x));
  });

  it("AdaptiveAvgPool1d(1) matches PyTorch", () => {
    const pool = new AdaptiveAvgPool1d(1);
    checkAgainstTorch("adaptiveAvgPool", pool, (x) => pool.forward(x));
  });
});
