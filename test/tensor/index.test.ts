import { describe, expect, expectTypeOf, it } from "vitest";
import * as root from "../../src/index.js";
import * as tensor from "../../src/tensor/index.js";

describe("public API of the tensor engine", () => {
  it("exports the engine's names, also from the package root", () => {
    const names = [
      "Tensor",
      "F",
      "ShapeError",
      "BackendError",
      "TensorError",
      "setBackend",
      "backendInfo",
      "setNumThreads",
      "kernelsFor",
      "gradcheck",
      "referenceKernels",
      "memoryInfo",
      "setPoolLimit",
      "emptyPool",
      "Generator",
      "manualSeed",
      "defaultGenerator",
      "scope",
      "keep",
      "noGrad",
      "isGradEnabled",
    ];
    for (const name of names) {
      expect(tensor).toHaveProperty(name);
      expect(root).toHaveProperty(name);
    }
  });

  it("types the Tensor API as documented", () => {
    const t = tensor.Tensor.zeros([2, 3]);
    expectTypeOf(t.shape).toEqualTypeOf<readonly number[]>();
    expectTypeOf(t.dtype).toEqualTypeOf<"float32" | "float64">();
    expectTypeOf(t.data).toEqualTypeOf<Float32Array | Float64Array>();
    expectTypeOf(t.grad).toEqualTypeOf<tensor.Tensor | null>();
    expectTypeOf(t.add).parameter(0).toEqualTypeOf<tensor.Tensor | number>();
    expectTypeOf(tensor.F.conv1d).returns.toEqualTypeOf<tensor.Tensor>();
    expectTypeOf(tensor.scope<number>).returns.toEqualTypeOf<number>();
    expect(t.size).toBe(6);
  });
});
