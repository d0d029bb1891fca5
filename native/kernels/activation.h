/* The activations fused into kernels' outputs, and their gradients, one vector at a time. */
#ifndef ECG_ACTIVATION_H
#define ECG_ACTIVATION_H

#include "kernels.h"
#include "simd.h"

/* act(u): SiLU, ReLU (NaN kept, like the reference's Math.max), sigmoid, or u itself. */
ECG_INLINE vf ecg_act(vf u, ecg_activation act) {
  switch (act) {
    case ECG_ACT_SILU:
      return vmul(u, vsigmoid(u));
    case ECG_ACT_RELU:
      return vkeep_nan(u, vselect_gt(u, vzero(), u, vzero()));
    case ECG_ACT_SIGMOID:
      return vsigmoid(u);
    default:
      return u;
  }
}

/* dy * silu'(u) given s = sigmoid(u): silu'(u) = s (1 + u (1 - s)). */
ECG_INLINE vf ecg_silu_grad(vf dy, vf u, vf s) {
  vf one = vset1(1.0f);
  return vmul(vmul(dy, s), vfma(u, vsub(one, s), one));
}

/* dy * act'(u) for SiLU and ReLU (u > 0); dy otherwise. */
ECG_INLINE vf ecg_act_grad(vf dy, vf u, ecg_activation act) {
  if (act == ECG_ACT_RELU) return vselect_gt(u, vzero(), dy, vzero());
  return act == ECG_ACT_SILU ? ecg_silu_grad(dy, u, vsigmoid(u)) : dy;
}

#endif
