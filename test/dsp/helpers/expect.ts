/** Numeric comparison helpers for the dsp tests: one assertion per array, naming the worst element. */
import { expect } from "vitest";

/**
 * Asserts |actual[i] - expected[i]| <= tolerance * max(1, |expected[i]|) for every i (a relative tolerance
 * for values above 1, absolute below), reporting the worst index on failure.
 */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(error <= worst)) {
      worst = error;
      worstIndex = i;
    }
  }
  expect(
    worst,
    `worst at [${worstIndex}]: ${actual[worstIndex]} vs expected ${expected[worstIndex]}`,
  ).toBeLessThanOrEqual(tolerance);
}

/** A filter output as the fixtures store it: values at some indices, plus sum(y) and sum(|y|). */
export interface OutputSummary {
  at: readonly number[];
  sum: number;
  sumAbs: number;
}

/**
 * Asserts that `y` matches a stored scipy output: each stored value within `tolerance` (relative, see
 * expectAllClose), and sum(y), sum(|y|) within `tolerance` relative to sum(|y|), i.e. to the whole output.
 */
export function expectMatchesSummary(
  y: ArrayLike<number>,
  indices: readonly number[],
  expected: OutputSummary,
  tolerance: number,
): void {
  expectAllClose(
    indices.map((i) => y[i]),
    expected.at,
    tolerance,
  );
  let sum = 0;
  let sumAbs = 0;
  for (let i = 0; i < y.length; i++) {
    sum += y[i];
    sumAbs += Math.abs(y[i]);
  }
  expect(Math.abs(sum - expected.sum)).toBeLessThanOrEqual(tolerance * expected.sumAbs);
  expect(Math.abs(sumAbs - expected.sumAbs)).toBeLessThanOrEqual(tolerance * expected.sumAbs);
}
