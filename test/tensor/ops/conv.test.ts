import { describe, expect, it } from "vitest";
import { setBackend } from "../../../src/tensor/backend.js";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";
import { type Conv1dOptions, conv1d } from "../../../src/tensor/ops/conv.js";
import { noGrad } from "../../../src/tensor/tape.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectClose, expectGradcheck, randomInput, uniformInput } from "../helpers.js";

/** Direct definition of conv1d (independent of the kernel's index arithmetic), for comparison. */
function naiveConv(
  x: Tensor,
  w: Tensor,
  b: Tensor | null,
  o: Required<Omit<Conv1dOptions, "activation" | "inputScale">> & { padLeft: number; Lout: number },
) {
  const [N, Cin, L] = x.shape;
  const [Cout, cinG, K] = w.shape;
  const out: number[] = [];
  for (let n = 0; n < N; n++)
    for (let co = 0; co < Cout; co++)
      for (let l = 0; l < o.Lout; l++) {
        const g = Math.floor(co / (Cout / o.groups));
        let s = b ? b.data[co] : 0;
        for (let ci = 0; ci < cinG; ci++)
          for (let k = 0; k < K; k++) {
            const pos = l * o.stride + k * o.dilation - o.padLeft;
            if (pos >= 0 && pos < L)
              s += w.data[(co * cinG + ci) * K + k] * x.data[(n * Cin + g * cinG + ci) * L + pos];
          }
        out.push(s);
      }
  return out;
}

describe("conv1d forward", () => {
  it("computes a hand-checked difference filter with padding 1", () => {
    // y[l] = x[l-1] - x[l+1] with zeros outside
    const y = conv1d(Tensor.from([[[1, 2, 3, 4]]]), Tensor.from([[[1, 0, -1]]]), null, { padding: 1 });
    expect(y.toArray()).toEqual([[[-2, -2, -2, 3]]]);
  });

  it('"same" keeps the length, putting the extra padding on the right for even spans', () => {
    const x = Tensor.from([[[1, 2, 3, 4, 5]]]);
    expect(conv1d(x, Tensor.ones([1, 1, 3]), null, { padding: "same" }).toArray()).toEqual([
      [[3, 6, 9, 12, 9]],
    ]);
    // K = 2: total padding 1, left 0, right 1 (PyTorch): y[l] = x[l] + x[l+1]
    expect(conv1d(x, Tensor.ones([1, 1, 2]), null, { padding: "same" }).toArray()).toEqual([
      [[3, 5, 7, 9, 5]],
    ]);
  });

  const configs: [string, Partial<Conv1dOptions>, number, number, number, number][] = [
    // label, options, Cin, Cout, K, L
    ["plain", {}, 3, 4, 3, 9],
    ["stride 2, padding 2", { stride: 2, padding: 2 }, 3, 4, 5, 11],
    ["dilation 2, padding [3, 1]", { dilation: 2, padding: [3, 1] }, 2, 3, 3, 8],
    ["groups 2", { groups: 2, padding: 1 }, 4, 6, 3, 7],
    ["depthwise, stride 2", { groups: 4, stride: 2, padding: 1 }, 4, 4, 3, 9],
    ["same with dilation 3", { padding: "same", dilation: 3 }, 2, 2, 4, 10],
    ["1x1 pointwise", {}, 5, 3, 1, 6],
    // 4+ channels per group: the reference kernels' unrolled loops, with stride, dilation and padding
    [
      "8 -> 12 channels, groups 2, stride 2, dilation 2, padding [2, 1]",
      { groups: 2, stride: 2, dilation: 2, padding: [2, 1] },
      8,
      12,
      3,
      11,
    ],
  ];
  for (const [label, options, Cin, Cout, K, L] of configs) {
    it(`matches the direct definition: ${label}`, () => {
      const groups = options.groups ?? 1;
      const x = randomInput([2, Cin, L], 1);
      const w = randomInput([Cout, Cin / groups, K], 2);
      const b = randomInput([Cout], 3);
      const y = conv1d(x, w, b, options);
      const stride = options.stride ?? 1;
      const dilation = options.dilation ?? 1;
      const span = dilation * (K - 1);
      const pad = options.padding ?? 0;
      const [padLeft, padRight]: [number, number] =
        pad === "same"
          ? [Math.floor(span / 2), span - Math.floor(span / 2)]
          : typeof pad === "number"
            ? [pad, pad]
            : (pad as [number, number]);
      const Lout = Math.floor((L + padLeft + padRight - span - 1) / stride) + 1;
      expect(y.shape).toEqual([2, Cout, Lout]);
      const want = naiveConv(x, w, b, { stride, dilation, groups, padding: 0, padLeft, Lout });
      expectClose(y.data, want, 1e-12);
    });
    it(`gradients of x, weight and bias: ${label}`, () => {
      const groups = options.groups ?? 1;
      expectGradcheck(
        (x, w, b) => conv1d(x, w, b, options),
        [randomInput([2, Cin, L], 4), randomInput([Cout, Cin / groups, K], 5), randomInput([Cout], 6)],
      );
    });
  }

  it("gradients without bias, and with only the bias requiring grad", () => {
    expectGradcheck(
      (x, w) => conv1d(x, w, null, { padding: 1 }),
      [randomInput([1, 2, 5], 7), randomInput([3, 2, 3], 8)],
    );
    const x = Tensor.randn([2, 2, 5], { dtype: "float64" });
    const w = Tensor.randn([3, 2, 3], { dtype: "float64" });
    expectGradcheck((b) => conv1d(x, w, b).tanh(), [randomInput([3], 9)]);
  });

  it("accumulates into existing gradients when weight and bias hold different histories", () => {
    const x = randomInput([1, 2, 6], 10);
    const w = randomInput([2, 2, 3], 11);
    const b = randomInput([2], 12);
    conv1d(x, w, null).sum().backward(); // w has a gradient, b has none
    const dwOnce = Array.from(w.grad!.data);
    conv1d(x, w, b).sum().backward();
    expectClose(
      w.grad!.data,
      dwOnce.map((v) => 2 * v),
      1e-12,
    );
    expectClose(b.grad!.data, [4, 4], 1e-12); // sum of dy over L_out = 4
  });
});

describe("conv1d with a fused activation", () => {
  const make = (shape: number[], seed: number) =>
    Tensor.from(
      Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.sin(seed + i * 1.3)),
      shape,
    );
  for (const activation of ["silu", "relu", "sigmoid"] as const) {
    it(`${activation}: without gradients (one fused kernel) equals conv1d followed by the activation`, () => {
      for (const [x, w, groups] of [
        [make([2, 3, 11], 1), make([5, 3, 3], 2), 1], // im2col path
        [make([2, 4, 11], 3), make([6, 4, 1], 4), 1], // pointwise (GEMM)
        [make([2, 4, 11], 5), make([4, 1, 3], 6), 4], // depthwise
      ] as const) {
        const bias = make([w.shape[0]], 7);
        const options = { padding: w.shape[2] === 1 ? 0 : 1, groups };
        const fused = noGrad(() => conv1d(x, w, bias, { ...options, activation }));
        const composed = noGrad(() => conv1d(x, w, bias, options)[activation]());
        expectClose(fused.data, composed.data, 1e-6);
        expect(fused.requiresGrad).toBe(false);
      }
    });
  }
  it("with gradients, the activation is the separate op (finite differences)", () => {
    expectGradcheck(
      (x, w, b) => conv1d(x, w, b, { padding: 1, activation: "silu" }),
      [randomInput([2, 3, 6], 1), randomInput([4, 3, 3], 2), randomInput([4], 3)],
    );
  });
  it("rejects an unknown activation", () => {
    expect(() =>
      conv1d(Tensor.zeros([1, 1, 4]), Tensor.zeros([1, 1, 1]), null, {
        activation: "tanh" as never,
      }),
    ).toThrow('conv1d: Expected "silu", "relu", "sigmoid" or null for activation but received "tanh"');
  });
});

describe("conv1d with a gated input (inputScale)", () => {
  it("gradients of x, the gate, weight and bias (pointwise: the gate inside the product; K = 3: composed)", () => {
    const gate = (seed: number) => uniformInput([2, 3, 1], seed, 0.2, 1.5);
    expectGradcheck(
      (x, s, w, b) => conv1d(x, w, b, { inputScale: s }),
      [randomInput([2, 3, 5], 1), gate(2), randomInput([4, 3, 1], 3), randomInput([4], 4)],
    );
    expectGradcheck(
      (x, s, w) => conv1d(x, w, null, { inputScale: s, padding: 1 }),
      [randomInput([2, 3, 5], 5), gate(6), randomInput([4, 3, 3], 7)],
    );
  });
  it("equals conv1d of x * inputScale, with and without the fused kernels (values and gradients)", () => {
    const run = () => {
      const make = (shape: number[], seed: number) =>
        Tensor.from(
          Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.sin(seed + i * 0.9)),
          shape,
          { requiresGrad: true },
        );
      const [x, s, w, b] = [make([3, 6, 9], 1), make([3, 6, 1], 2), make([5, 6, 1], 3), make([5], 4)];
      const y = conv1d(x, w, b, { inputScale: s });
      const plain = conv1d(x.mul(s), w, b).data;
      y.mul(make([3, 5, 9], 5).detach())
        .sum()
        .backward();
      return [Array.from(y.data), Array.from(plain), ...[x, s, w, b].map((t) => Array.from(t.grad!.data))];
    };
    const fused = run();
    expectClose(fused[0], fused[1], 1e-6);
    const { conv1dGated: _g, conv1dGatedBackwardWeight: _w, ...unfused } = referenceKernels;
    setBackend({ ...unfused, name: "unfused" });
    try {
      const composed = run();
      for (const [i, values] of fused.entries()) expectClose(values, composed[i], 1e-5);
    } finally {
      setBackend("reference");
    }
  });
  it("names a gate of the wrong shape", () => {
    expect(() =>
      conv1d(Tensor.zeros([2, 3, 4]), Tensor.zeros([1, 3, 1]), null, { inputScale: Tensor.zeros([2, 3]) }),
    ).toThrow("conv1d: inputScale must have shape [2, 3, 1] (N, in_channels, 1), not [2, 3]");
  });
});

describe("conv1d argument errors", () => {
  const x = Tensor.zeros([1, 3, 8]);
  it("names the channel rule", () => {
    expect(() => conv1d(x, Tensor.zeros([4, 1, 3]), null, { groups: 2 })).toThrow(
      "conv1d: in_channels (3) must be divisible by groups (2)",
    );
    expect(() => conv1d(Tensor.zeros([1, 4, 8]), Tensor.zeros([3, 2, 3]), null, { groups: 2 })).toThrow(
      "conv1d: out_channels (3) must be divisible by groups (2)",
    );
    expect(() => conv1d(x, Tensor.zeros([4, 2, 3]))).toThrow(
      "conv1d: weight [4, 2, 3] expects 2 input channels (2 per group x 1 groups) but x [1, 3, 8] has 3",
    );
  });
  it("names bad shapes, options and lengths", () => {
    expect(() => conv1d(Tensor.zeros([3, 8]), Tensor.zeros([4, 3, 3]))).toThrow(
      "conv1d: x must have rank 3, not shape [3, 8]",
    );
    expect(() => conv1d(x, Tensor.zeros([4, 3, 3]), Tensor.zeros([3]))).toThrow(
      "conv1d: bias must have shape [4] (out_channels), not [3]",
    );
    expect(() => conv1d(x, Tensor.zeros([4, 3, 3]), null, { stride: 0 })).toThrow(
      "conv1d: Expected an integer >= 1 for stride but received 0",
    );
    expect(() => conv1d(x, Tensor.zeros([4, 3, 3]), null, { stride: 2, padding: "same" })).toThrow(
      'conv1d: padding "same" needs stride 1, not 2',
    );
    expect(() => conv1d(x, Tensor.zeros([4, 3, 9]))).toThrow(
      "conv1d: input length 8 plus padding 0 is shorter than the dilated kernel (9)",
    );
    expect(() => conv1d(x, Tensor.zeros([4, 3, 3]), null, { padding: -1 })).toThrow(
      "conv1d: Expected an integer >= 0 for padding but received -1",
    );
  });
});
