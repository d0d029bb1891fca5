/**
 * Test helpers of the tensor engine: seeded float64 inputs and a gradcheck assertion that prints the
 * failing elements. Tolerances are gradcheck's defaults unless a test states otherwise: an element passes
 * when |analytic - numeric| <= 1e-6 + 1e-5 * |numeric|, numeric = central difference with eps = 1e-6.
 */
import { expect } from "vitest";
import * as F from "../../src/tensor/functional.js";
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

/** A tiny conv net (conv + batch norm + SiLU + SE-style gate + dropout + linear) built from the ops. */
export interface TinyNet {
  parameters: Tensor[];
  /** Returns the mean cross-entropy of the batch; dropout draws from the net's generator. */
  loss(x: Tensor, target: number[]): Tensor;
}

/** Returns a TinyNet whose weights and dropout masks come from `seed`. */
export function tinyNet(seed: number, channels = 4, classes = 3, dropout = 0.1): TinyNet {
  const generator = new Generator(seed);
  const leaf = (shape: number[], scale: number): Tensor => {
    const t = Tensor.randn(shape, { generator });
    t.data.forEach((v, i) => {
      t.data[i] = v * scale;
    });
    return t.requiresGrad_();
  };
  const conv = leaf([channels, 1, 5], 0.5);
  const gamma = Tensor.ones([channels], { requiresGrad: true });
  const beta = Tensor.zeros([channels], { requiresGrad: true });
  const runningMean = Tensor.zeros([channels]);
  const runningVar = Tensor.ones([channels]);
  const gate = leaf([channels, channels, 1], 0.5);
  const head = leaf([classes, channels], 0.5);
  const bias = Tensor.zeros([classes], { requiresGrad: true });
  return {
    parameters: [conv, gamma, beta, gate, head, bias],
    loss(x, target) {
      let h = F.conv1d(x, conv, null, { padding: "same" });
      h = F.silu(F.batchNorm(h, runningMean, runningVar, gamma, beta, { training: true }));
      h = h.mul(F.sigmoid(F.conv1d(F.globalAvgPool1d(h), gate)));
      h = F.dropout(h, dropout, true, generator);
      return F.crossEntropy(F.linear(h.mean(2), head, bias), target);
    },
  };
}

/** Runs one SGD step (lr) on the net's loss; returns the loss. Call inside scope() to keep memory flat. */
export function sgdStep(net: TinyNet, x: Tensor, target: number[], lr: number): number {
  const loss = net.loss(x, target);
  loss.backward();
  for (const p of net.parameters) {
    for (let i = 0; i < p.size; i++) p.data[i] -= lr * p.grad!.data[i];
    p.grad!.data.fill(0);
  }
  return loss.item();
}
