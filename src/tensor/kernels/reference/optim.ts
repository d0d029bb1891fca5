/** Reference version of the optimiser kernel: one AdamW step, computed in float64 and stored in p's dtype. */
import type { AdamWStep, Buf } from "../kernels.js";

/** p, m, v updated in place by one AdamW step (kernels.ts ExtraKernels adamwStep). */
export function adamwStep(p: Buf, grad: Buf, m: Buf, v: Buf, h: AdamWStep): void {
  const { decay, beta1, beta2, stepSize, correction2Sqrt, eps } = h;
  for (let i = 0; i < p.length; i++) {
    const g = grad[i];
    // NOTE: the moments are read back after the store so that, as in PyTorch, the update uses their
    // float32-rounded values in a float32 model.
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    p[i] = p[i] * decay - (stepSize * m[i]) / (Math.sqrt(v[i]) / correction2Sqrt + eps);
  }
}
