import { describe, expect, it } from "vitest";
import { ReLU } from "../../src/nn/activation.js";
import { MultiheadAttention } from "../../src/nn/attention.js";
import { Sequential } from "../../src/nn/container.js";
import { Linear } from "../../src/nn/linear.js";
import { LSTM } from "../../src/nn/lstm.js";
import { countFlops, countParameters, formatFlopTable } from "../../src/nn/summary.js";

describe("countParameters", () => {
  it("counts every parameter element, or only trainable ones", () => {
    const net = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2, { bias: false }));
    expect(countParameters(net)).toBe(4 * 3 + 3 + 3 * 2);
    (net.at(0) as Linear).requiresGrad_(false);
    expect(countParameters(net, { trainableOnly: true })).toBe(6);
  });
});

describe("countFlops", () => {
  it("counts 2 x multiply-adds of the linear layers with a row per module and shapes", () => {
    const net = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    const count = countFlops(net, [5, 4]);
    expect(count.macs).toBe(5 * 4 * 3 + 5 * 3 * 2);
    expect(count.flops).toBe(2 * count.macs);
    expect(count.parameters).toBe(23);
    expect(count.layers.map((row) => [row.name, row.type, row.macs, row.parameters])).toEqual([
      ["", "Sequential", 0, 0],
      ["0", "Linear", 60, 15],
      ["1", "ReLU", 0, 0],
      ["2", "Linear", 30, 8],
    ]);
    expect(count.layers[2].inputShapes).toEqual([[5, 3]]);
    expect(count.layers[2].outputShapes).toEqual([[5, 3]]);
  });

  it("counts attention products: q/k/v projections, scores, weighted sum and output projection", () => {
    const attention = new MultiheadAttention(8, 2, { batchFirst: true });
    const count = countFlops(attention, [
      [3, 2, 8],
      [3, 5, 8],
      [3, 5, 8],
    ]);
    const [n, l, s, e] = [3, 2, 5, 8];
    expect(count.macs).toBe(n * (l * e * e + 2 * s * e * e + 2 * l * s * e + l * e * e));
  });

  it("leaves the module's mode, state and forward untouched", () => {
    const lstm = new LSTM(2, 3, { batchFirst: true });
    const before = lstm.forward;
    countFlops(lstm, [1, 4, 2]);
    expect(lstm.training).toBe(true);
    expect(lstm.forward).toBe(before);
    expect(Object.hasOwn(lstm, "forward")).toBe(false);
  });

  it("formats a table with totals", () => {
    const table = formatFlopTable(countFlops(new Sequential(new Linear(4, 3)), [2, 4]));
    expect(table.split("\n")).toEqual([
      "layer   type        output shape  params  MACs",
      "------  ----------  ------------  ------  ----",
      "(root)  Sequential  [2, 3]             0     0",
      "  0     Linear      [2, 3]            15    24",
      "total: 15 parameters, 24 MACs = 48 FLOPs (2 x MACs; element-wise ops not counted)",
    ]);
  });
});
