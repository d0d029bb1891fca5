/**
 * Test helpers of the tensor engine: seeded float64 inputs and a gradcheck assertion that prints the
 * failing elements. Tolerances are gradcheck's defaults unless a test states otherwise: an element passes
 * when |analytic - numeric| <= 1e-6 + 1e-5 * |numeric|, numeric = central difference with eps = 1e-6.
 */
import { expect } from "vitest";
import { type GradcheckOptions, gradcheck } from "../../src/tensor/gradcheck.js";
import { Generator } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";

/** Returns a float64 leaf of standard normal values (seeded), requiring grad. */
export function randomInput(shape: number[], seed: number, scale = 1): Tensor {
  const t = Tensor.randn(shape, { dtype: "float64", generator: new Generator(seed) });
  t.data.forEach((v, i) => {
    t.data[i] = v * scale;
  });
  return t.requiresGrad_();
}

/** Returns a float64 leaf of uniform values in [low, high) (seeded), requiring grad. */
export function uniformInput(shape: number[], seed: number, low: number, high: number): Tensor {
  const t = Tensor.rand(shape, { dtype: "float64", generator: new Generator(seed) });
  t.data.forEach((v, i) => {
    t.data[i] = low + (high - low) * v;
  });
  return t.requiresGrad_();
}

/** Asserts that fn's backward() agrees with central differences on every element of every input. */
export function expectGradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options?: GradcheckOptions,
): void {
  const result = gradcheck(fn, inputs, options);
  expect(result.mismatches).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.checked).toBeGreaterThan(0);
}

/** Asserts that two arrays of numbers agree elementwise within tol (absolute + relative). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= tol * (1 + Math.abs(expected[i]));
    if (!ok) expect(`[${i}] ${actual[i]}`).toBe(`[${i}] ${expected[i]}`);
  }
}
