import { checkChoice, finiteCopy } from "./validate.js";

/** How `normalize` centres and scales a signal. */
export type NormalizeMethod = "zscore" | "minmax" | "robust";

const NORMALIZE_METHODS: readonly NormalizeMethod[] = ["zscore", "minmax", "robust"];

/**
 * Returns `x` shifted and scaled (Float32Array, same length, dimensionless), computed in float64:
 * - "zscore": (x - mean) / standard deviation (population, ddof = 0);
 * - "minmax": (x - min) / (max - min), into [0, 1];
 * - "robust": (x - median) / interquartile range (numpy's linear-interpolated 25th and 75th percentiles),
 *   insensitive to a few large artefacts.
 *
 * Degenerate cases: when the scale is 0 (a flat signal, or for "robust" more than half of the samples equal)
 * it is taken as 1, as scikit-learn's scalers do, so the output is only centred: a flat signal gives all
 * zeros, never NaN. Throws a DspError for an empty signal or a NaN / infinite sample.
 */
export function normalize(x: ArrayLike<number>, method: NormalizeMethod = "zscore"): Float32Array {
  checkChoice(method, NORMALIZE_METHODS, "method");
  const v = finiteCopy(x, "x");
  const [center, scale] = method === "zscore" ? meanStd(v) : method === "minmax" ? minRange(v) : medianIqr(v);
  const divisor = scale === 0 ? 1 : scale;
  const y = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) y[i] = (v[i] - center) / divisor;
  return y;
}

function meanStd(v: Float64Array): [number, number] {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i];
  const mean = sum / v.length;
  let squares = 0;
  for (let i = 0; i < v.length; i++) squares += (v[i] - mean) ** 2;
  return [mean, Math.sqrt(squares / v.length)];
}

function minRange(v: Float64Array): [number, number] {
  let min = v[0];
  let max = v[0];
  for (let i = 1; i < v.length; i++) {
    if (v[i] < min) min = v[i];
    if (v[i] > max) max = v[i];
  }
  return [min, max - min];
}

function medianIqr(v: Float64Array): [number, number] {
  const sorted = Float64Array.from(v).sort();
  return [quantile(sorted, 0.5), quantile(sorted, 0.75) - quantile(sorted, 0.25)];
}

/** numpy's default ("linear") quantile of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
}
