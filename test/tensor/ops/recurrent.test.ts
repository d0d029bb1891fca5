import { describe, expect, it } from "vitest";
import { setBackend } from "../../../src/tensor/backend.js";
import { ShapeError } from "../../../src/tensor/errors.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { concat } from "../../../src/tensor/ops/movement.js";
import { lstmLayer } from "../../../src/tensor/ops/recurrent.js";
import { noGrad } from "../../../src/tensor/tape.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectClose, expectGradcheck, randomInput } from "../helpers.js";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe("lstmLayer forward", () => {
  it("computes PyTorch's cell equations (gate order i, f, g, o) step by step", () => {
    // N = 1, H = 1, T = 2: z = xg_t + w h_{t-1}
    const xg = Tensor.from([0.1, -0.2, 0.3, 0.4, -0.5, 0.6, -0.7, 0.8], [1, 2, 4], { dtype: "float64" });
    const w = Tensor.from([0.5, -0.25, 0.75, 1], [4, 1], { dtype: "float64" });
    const [h0, c0] = [
      Tensor.from([0.2], [1, 1], { dtype: "float64" }),
      Tensor.from([-0.3], [1, 1], { dtype: "float64" }),
    ];
    const [output, cell] = lstmLayer(xg, h0, c0, w);
    let [h, c] = [0.2, -0.3];
    const hs: number[] = [];
    for (let t = 0; t < 2; t++) {
      const z = [0, 1, 2, 3].map((g) => xg.data[t * 4 + g] + w.data[g] * h);
      c = sigmoid(z[1]) * c + sigmoid(z[0]) * Math.tanh(z[2]);
      h = sigmoid(z[3]) * Math.tanh(c);
      hs.push(h);
    }
    expectClose(output.data, hs, 1e-14);
    expectClose(cell.data, [c], 1e-14);
    expect(output.shape).toEqual([1, 2, 1]);
    expect(cell.shape).toEqual([1, 1]);
  });
});

describe("lstmLayer gradients (finite differences, float64, fused reference kernels)", () => {
  const inputs = (n: number, t: number, h: number, seed: number) => [
    randomInput([n, t, 4 * h], seed),
    randomInput([n, h], seed + 1, 0.5),
    randomInput([n, h], seed + 2, 0.5),
    randomInput([4 * h, h], seed + 3, 0.5),
  ];
  it("of every input through the outputs and the last cell state together", () => {
    expectGradcheck(
      (p, h0, c0, w) => {
        const [output, cell] = lstmLayer(p, h0, c0, w);
        return concat([output.flatten(1), cell], 1);
      },
      inputs(2, 3, 2, 10),
    );
  });
  it("through the outputs only, the last cell state only, and one step", () => {
    expectGradcheck((p, h0, c0, w) => lstmLayer(p, h0, c0, w)[0], inputs(2, 4, 3, 20));
    expectGradcheck((p, h0, c0, w) => lstmLayer(p, h0, c0, w)[1], inputs(3, 2, 2, 30));
    expectGradcheck((p, h0, c0, w) => lstmLayer(p, h0, c0, w)[0], inputs(2, 1, 2, 40));
  });
});

describe("lstmLayer without the fused kernels", () => {
  it("composes the same recurrence from ops (values and gradients agree)", () => {
    const run = () => {
      const make = (shape: number[], seed: number, scale: number) =>
        Tensor.from(
          Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.sin(seed + i * 0.7) * scale),
          shape,
          { requiresGrad: true },
        );
      const [p, h0, c0, w] = [
        make([3, 5, 8], 1, 1),
        make([3, 2], 2, 0.5),
        make([3, 2], 3, 0.5),
        make([8, 2], 4, 0.5),
      ];
      const [output, cell] = lstmLayer(p, h0, c0, w);
      concat([output.flatten(1), cell], 1)
        .mul(
          Tensor.from(
            Array.from({ length: 36 }, (_, i) => (i % 5) - 2),
            [3, 12],
          ),
        )
        .sum()
        .backward();
      return [output, cell, p.grad!, h0.grad!, c0.grad!, w.grad!].map((t) => Array.from(t.data));
    };
    const fused = run();
    const { lstmForward: _f, lstmBackward: _b, ...unfused } = referenceKernels;
    setBackend({ ...unfused, name: "unfused" });
    try {
      const composed = run();
      for (const [i, values] of fused.entries()) expectClose(values, composed[i], 1e-5);
    } finally {
      setBackend("reference");
    }
  });

  it("saves no gates without gradients (inference) and still returns both results", () => {
    const p = Tensor.randn([2, 3, 8]);
    const [output, cell] = noGrad(() =>
      lstmLayer(p, Tensor.zeros([2, 2]), Tensor.zeros([2, 2]), Tensor.randn([8, 2])),
    );
    expect(output.requiresGrad || cell.requiresGrad).toBe(false);
    expect(output.shape).toEqual([2, 3, 2]);
  });
});

describe("lstmLayer argument errors", () => {
  it("names the argument and the expected shape", () => {
    const w = Tensor.zeros([8, 2]);
    const h = Tensor.zeros([3, 2]);
    expect(() => lstmLayer(Tensor.zeros([3, 5, 7]), h, h, w)).toThrow(
      new ShapeError("lstmLayer: projected must have shape [N, T, 8] with T >= 1, not [3, 5, 7]"),
    );
    expect(() => lstmLayer(Tensor.zeros([3, 5, 8]), Tensor.zeros([2, 2]), h, w)).toThrow(
      new ShapeError("lstmLayer: h0 must have shape [3, 2], not [2, 2]"),
    );
    expect(() => lstmLayer(Tensor.zeros([3, 5, 8]), h, h, Tensor.zeros([6, 2]))).toThrow(
      new ShapeError("lstmLayer: weightHh must have shape [4H, H], not [6, 2]"),
    );
    expect(() => lstmLayer(Tensor.zeros([3, 0, 8]), h, h, w)).toThrow("with T >= 1");
  });
});
