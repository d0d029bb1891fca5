/**
 * Finite-difference gradient checking (torch.autograd.gradcheck in spirit): compares the gradients that
 * backward() computes with central differences of the function, in float64 on the reference kernels.
 */
import { ShapeError } from "./errors.js";
import { Generator } from "./random.js";
import { scope } from "./scope.js";
import { noGrad } from "./tape.js";
import { Tensor } from "./tensor.js";

/** Options of gradcheck. */
export interface GradcheckOptions {
  /** Central-difference step (default 1e-6). */
  eps?: number;
  /** An element passes when |analytic - numeric| <= atol + rtol * |numeric| (defaults 1e-6 and 1e-5). */
  atol?: number;
  rtol?: number;
  /** Seed of the random projection of the output (default 0). */
  seed?: number;
}

/** One element whose analytic and numeric gradients disagree. */
export interface GradcheckMismatch {
  /** Index of the input in `inputs`, and of the element in its data. */
  input: number;
  index: number;
  analytic: number;
  numeric: number;
}

/** What gradcheck found. */
export interface GradcheckResult {
  /** True when every checked element passed. */
  ok: boolean;
  /** The first 10 failing elements. */
  mismatches: GradcheckMismatch[];
  /** Largest |analytic - numeric| over all checked elements. */
  maxAbsError: number;
  /** Number of elements checked (over every input that requires grad). */
  checked: number;
}

/**
 * Returns the comparison of backward()'s gradients of L = sum(fn(inputs) * v), for a fixed random v, with
 * central differences (L(x + eps) - L(x - eps)) / (2 eps) for every element of every input that requires
 * grad. Inputs must be float64; fn must be deterministic (reseed any generator it uses inside fn).
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options?: GradcheckOptions,
): GradcheckResult {
  const eps = options?.eps ?? 1e-6;
  const atol = options?.atol ?? 1e-6;
  const rtol = options?.rtol ?? 1e-5;
  for (const [i, t] of inputs.entries()) {
    if (!(t instanceof Tensor) || t.dtype !== "float64") {
      throw new ShapeError(
        `gradcheck: inputs[${i}] must be a float64 Tensor (finite differences need float64)`,
      );
    }
  }
  return scope(() => {
    for (const t of inputs) {
      t.grad?.dispose();
      t.grad = null;
    }
    const y = fn(...inputs);
    const v = Tensor.randn(y.shape, { dtype: "float64", generator: new Generator(options?.seed ?? 0) });
    y.backward(v);
    const project = (): number => {
      const out = fn(...inputs).data;
      let total = 0;
      for (let j = 0; j < out.length; j++) total += out[j] * v.data[j];
      return total;
    };
    const result: GradcheckResult = { ok: true, mismatches: [], maxAbsError: 0, checked: 0 };
    noGrad(() => {
      inputs.forEach((t, input) => {
        if (!t.requiresGrad) return;
        const data = t.data;
        const analytic = t.grad?.data;
        for (let index = 0; index < data.length; index++) {
          const original = data[index];
          data[index] = original + eps;
          const plus = project();
          data[index] = original - eps;
          const minus = project();
          data[index] = original;
          const numeric = (plus - minus) / (2 * eps);
          const got = analytic ? analytic[index] : 0;
          const error = Math.abs(got - numeric);
          result.checked++;
          result.maxAbsError = Math.max(result.maxAbsError, error);
          if (!(error <= atol + rtol * Math.abs(numeric))) {
            result.ok = false;
            if (result.mismatches.length < 10)
              result.mismatches.push({ input, index, analytic: got, numeric });
          }
        }
      });
    });
    for (const t of inputs) {
      t.grad?.dispose();
      t.grad = null;
    }
    return result;
  });
}
