import { describe, expect, it } from "vitest";
import { setBackend } from "../../../src/tensor/backend.js";
import { ShapeError } from "../../../src/tensor/errors.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import type { DType } from "../../../src/tensor/memory.js";
import { type MBConvWeights, mbconv } from "../../../src/tensor/ops/mbconv.js";
import { Generator } from "../../../src/tensor/random.js";
import { noGrad } from "../../../src/tensor/tape.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectGradcheck } from "../helpers.js";

/** Seeded MBConv weights: expansion Cin -> Cmid (unless expand is false), depthwise K, SE S, projection. */
function weights(
  Cin: number,
  Cmid: number,
  Cout: number,
  K: number,
  stride: number,
  S: number,
  options: { dtype?: DType; expand?: boolean; residual?: boolean; seed?: number } = {},
): MBConvWeights {
  const { dtype = "float32", expand = true, residual = false, seed = 1 } = options;
  const g = new Generator(seed);
  const t = (shape: number[], scale: number) => {
    const x = Tensor.randn(shape, { dtype, generator: g });
    x.data.forEach((v, i) => {
      x.data[i] = v * scale;
    });
    return x;
  };
  return {
    expand: expand ? { weight: t([Cmid, Cin, 1], 0.4), bias: t([Cmid], 0.2) } : null,
    depthwise: { weight: t([Cmid, 1, K], 0.5), bias: t([Cmid], 0.2), stride, padding: Math.floor(K / 2) },
    se:
      S > 0
        ? {
            reduce: { weight: t([S, Cmid, 1], 0.4), bias: t([S], 0.1) },
            gate: { weight: t([Cmid, S, 1], 0.4), bias: t([Cmid], 0.1) },
          }
        : null,
    project: { weight: t([Cout, Cmid, 1], 0.3), bias: t([Cout], 0.1) },
    activation: "silu",
    residual,
  };
}

/** Returns the block's output with the fused kernel and composed from ops (a backend without the kernel). */
function fusedAndComposed(
  x: Tensor,
  w: MBConvWeights,
): [Float32Array | Float64Array, Float32Array | Float64Array] {
  const fused = noGrad(() => mbconv(x, w)).data;
  const { mbconvForward: _m, ...unfused } = referenceKernels;
  setBackend({ ...unfused, name: "unfused" });
  try {
    return [fused, noGrad(() => mbconv(x, w)).data];
  } finally {
    setBackend("reference");
  }
}

describe("mbconv", () => {
  const cases: [string, number[], MBConvWeights][] = [
    ["expansion, stride 2, SE", [3, 8, 33], weights(8, 24, 12, 5, 2, 2)],
    [
      "residual (no expansion, stride 1)",
      [2, 6, 20],
      weights(6, 6, 6, 3, 1, 1, { expand: false, residual: true }),
    ],
    ["without SE, ReLU", [2, 4, 16], { ...weights(4, 8, 4, 3, 1, 0), activation: "relu" }],
  ];
  for (const [label, shape, w] of cases) {
    it(`one fused kernel equals the composed ops (${label}; float32, within 1e-5 of the largest output)`, () => {
      const x = Tensor.randn(shape, { generator: new Generator(9) });
      const [fused, composed] = fusedAndComposed(x, w);
      const scale = Math.max(...Array.from(composed, Math.abs));
      for (let i = 0; i < composed.length; i++)
        expect(Math.abs(fused[i] - composed[i])).toBeLessThanOrEqual(1e-5 * scale);
    });
  }

  it("the float64 reference kernel equals the composed ops to 1e-12", () => {
    const w = weights(5, 10, 5, 3, 1, 2, { dtype: "float64", residual: true, seed: 4 });
    const x = Tensor.randn([2, 5, 11], { dtype: "float64", generator: new Generator(5) });
    const [fused, composed] = fusedAndComposed(x, w);
    for (let i = 0; i < composed.length; i++)
      expect(Math.abs(fused[i] - composed[i])).toBeLessThanOrEqual(1e-12);
  });

  it("with gradients it is the composed ops (finite differences on x and the projection)", () => {
    const w = weights(3, 6, 3, 3, 1, 1, { dtype: "float64", residual: true, seed: 6 });
    const x = Tensor.randn([2, 3, 7], { dtype: "float64", generator: new Generator(7) }).requiresGrad_();
    w.project.weight.requiresGrad_();
    expectGradcheck(
      (input, projection) => mbconv(input, { ...w, project: { weight: projection, bias: w.project.bias } }),
      [x, w.project.weight],
    );
  });

  it("rejects weights that are not an MBConv block's", () => {
    const w = weights(4, 8, 4, 3, 1, 2);
    expect(() => mbconv(Tensor.zeros([2, 4, 10]), 3 as never)).toThrow(
      "mbconv: Expected the block's weights { expand, depthwise, se, project, activation, residual } for weights but received 3",
    );
    expect(() => mbconv(Tensor.zeros([2, 4, 10]), { ...w, project: null as never })).toThrow(
      "mbconv: weights must hold { expand, depthwise, se, project, activation, residual } with { weight, bias } convs",
    );
    expect(() => mbconv(Tensor.zeros([2, 4, 10]), { ...w, activation: "gelu" as never })).toThrow(
      'mbconv: Expected "silu" or "relu" for activation but received "gelu"',
    );
  });

  it("names the tensor whose shape does not fit", () => {
    const w = weights(4, 8, 4, 3, 1, 2);
    expect(() => mbconv(Tensor.zeros([2, 5, 10]), w)).toThrow(
      new ShapeError("mbconv: expand.weight must have shape [8, 5, 1], not [8, 4, 1]"),
    );
    expect(() => mbconv(Tensor.zeros([2, 4]), w)).toThrow(
      "mbconv: x must have shape [N, C_in, L], not [2, 4]",
    );
    expect(() =>
      mbconv(Tensor.zeros([2, 4, 10]), { ...w, residual: true, project: weights(4, 8, 3, 3, 1, 2).project }),
    ).toThrow("mbconv: a residual block must keep the shape [N, 4, 10] but outputs [N, 3, 10]");
    expect(() => mbconv(Tensor.zeros([2, 4, 10]), { ...w, expand: null })).toThrow(
      "mbconv: without an expansion the depthwise conv must have 4 channels, not 8",
    );
  });
});
