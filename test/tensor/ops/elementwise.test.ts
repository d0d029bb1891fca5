import { describe, expect, it } from "vitest";
import { ShapeError } from "../../../src/tensor/errors.js";
import * as E from "../../../src/tensor/ops/elementwise.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectClose, expectGradcheck, randomInput, uniformInput } from "../helpers.js";

const x = [-2, -0.5, 0, 0.5, 3];

describe("unary forward values", () => {
  // Expected values computed by hand / with Python's math module (math.erf for GELU).
  const cases: [string, (t: Tensor) => Tensor, number[]][] = [
    ["neg", E.neg, [2, 0.5, -0, -0.5, -3]],
    ["exp", E.exp, x.map(Math.exp)],
    ["abs", E.abs, [2, 0.5, 0, 0.5, 3]],
    ["relu", E.relu, [0, 0, 0, 0.5, 3]],
    ["sigmoid", E.sigmoid, x.map((v) => 1 / (1 + Math.exp(-v)))],
    ["tanh", E.tanh, x.map(Math.tanh)],
    ["silu", E.silu, x.map((v) => v / (1 + Math.exp(-v)))],
    // python3 -c "import math; print([0.5*v*(1+math.erf(v/math.sqrt(2))) for v in (-2,-0.5,0,0.5,3)])"
    ["gelu", E.gelu, [-0.04550026389635842, -0.15426876936299344, 0, 0.34573123063700656, 2.99595030590511]],
  ];
  for (const [name, op, want] of cases) {
    it(`${name} matches the closed form in float32 and float64`, () => {
      expectClose(op(Tensor.from(x, [5], { dtype: "float64" })).data, want, 1e-14);
      expectClose(op(Tensor.from(x)).data, want, 1e-6);
    });
  }

  it("log and sqrt give NaN below zero and the usual values above", () => {
    const t = Tensor.from([-1, 0, 4], [3], { dtype: "float64" });
    expect(Array.from(E.log(t).data)).toEqual([Number.NaN, -Infinity, Math.log(4)]);
    expect(Array.from(E.sqrt(t).data)).toEqual([Number.NaN, 0, 2]);
  });

  it("pow raises every element to a scalar exponent", () => {
    expect(Array.from(E.pow(Tensor.from([1, 2, 3]), 3).data)).toEqual([1, 8, 27]);
    expect(Array.from(E.pow(Tensor.from([4, 9]), 0.5).data)).toEqual([2, 3]);
  });

  it("clamp bounds from either side and leaves an omitted bound open", () => {
    const t = Tensor.from([-3, -1, 0, 2, 7]);
    expect(Array.from(E.clamp(t, -1, 2).data)).toEqual([-1, -1, 0, 2, 2]);
    expect(Array.from(E.clamp(t, 0).data)).toEqual([0, 0, 0, 2, 7]);
    expect(Array.from(E.clamp(t, undefined, 0).data)).toEqual([-3, -1, 0, 0, 0]);
  });

  it("sigmoid saturates without overflow for large |x|", () => {
    expect(Array.from(E.sigmoid(Tensor.from([-800, 800], [2], { dtype: "float64" })).data)).toEqual([0, 1]);
  });
});

describe("unary gradients (finite differences, float64)", () => {
  // Inputs stay away from the kinks of relu, abs and clamp (at 0, -0.5 and 0.7) so that differences are exact.
  const smooth: [string, (t: Tensor) => Tensor][] = [
    ["neg", E.neg],
    ["exp", E.exp],
    ["sigmoid", E.sigmoid],
    ["tanh", E.tanh],
    ["silu", E.silu],
    ["gelu", E.gelu],
  ];
  for (const [name, op] of smooth) {
    it(`${name}`, () => expectGradcheck(op, [randomInput([3, 4], 1, 2)]));
  }
  it("log and sqrt on positive inputs", () => {
    expectGradcheck(E.log, [uniformInput([7], 2, 0.2, 3)]);
    expectGradcheck(E.sqrt, [uniformInput([7], 3, 0.2, 3)]);
  });
  it("relu and abs away from 0", () => {
    const t = Tensor.from([-2, -0.3, 0.4, 1.5], [4], { dtype: "float64", requiresGrad: true });
    expectGradcheck(E.relu, [t]);
    expectGradcheck(E.abs, [t]);
  });
  it("pow with integer, fractional and negative exponents", () => {
    const t = uniformInput([6], 4, 0.3, 2);
    for (const p of [2, 3, 0.5, -1.5]) expectGradcheck((u) => E.pow(u, p), [t]);
  });
  it("clamp passes the gradient inside the bounds only", () => {
    const t = Tensor.from([-2, -0.2, 0.3, 1.1, 2], [5], { dtype: "float64", requiresGrad: true });
    expectGradcheck((u) => E.clamp(u, -0.5, 0.7), [t]);
    E.clamp(t, -0.5, 0.7).sum().backward();
    expect(Array.from(t.grad!.data)).toEqual([0, 1, 1, 0, 0]);
  });
  it("a gradient reaching the same input twice accumulates", () => {
    const t = randomInput([5], 5);
    expectGradcheck((u) => E.tanh(u).mul(E.exp(u)).add(E.sigmoid(u)), [t]);
  });
});

describe("unary argument errors", () => {
  it("names the op and the argument", () => {
    expect(() => E.relu([1, 2] as unknown as Tensor)).toThrow(
      new ShapeError("relu: Expected a Tensor for x but received array of length 2"),
    );
    expect(() => E.pow(Tensor.from([1]), Number.NaN)).toThrow(
      "pow: Expected a finite number for exponent but received NaN",
    );
    expect(() => E.clamp(Tensor.from([1]), Number.NaN)).toThrow(
      "clamp: Expected a number for min but received NaN",
    );
  });
});
