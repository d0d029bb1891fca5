import { describe, expect, it } from "vitest";
import { EfficientEcgError } from "../../src/errors.js";
import { BackendError, ShapeError, TensorError } from "../../src/tensor/errors.js";

describe("tensor errors", () => {
  it("carry stable codes and names and extend EfficientEcgError", () => {
    for (const [Class, code] of [
      [ShapeError, "ERR_SHAPE"],
      [BackendError, "ERR_BACKEND"],
      [TensorError, "ERR_TENSOR"],
    ] as const) {
      const error = new Class("conv1d: in_channels (3) must be divisible by groups (2)", { cause: "x" });
      expect(error).toBeInstanceOf(EfficientEcgError);
      expect(error.code).toBe(code);
      expect(error.name).toBe(Class.name);
      expect(error.cause).toBe("x");
    }
  });
});
