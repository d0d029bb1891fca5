/*
 * Per-row statistics shared by batch norm and layer norm: sums of centred squares and centred products in
 * double over float-vector partial sums (flushed every 32 vectors), and the normalising affine map.
 */
#ifndef ECG_STATS_H
#define ECG_STATS_H

#include "simd.h"

/* Returns sum over l < n of (x[l] - mean)^2, in double over float-vector partials. */
static inline double centred_squares(const float *x, int64_t n, float mean) {
  vf m = vset1(mean), a0 = vzero();
  double total = 0.0;
  int64_t l = 0, since_flush = 0;
  for (; l + VL <= n; l += VL) {
    vf d = vsub(vload(x + l), m);
    a0 = vfma(d, d, a0);
    if (++since_flush == 32) {
      total += (double)vhsum(a0);
      a0 = vzero();
      since_flush = 0;
    }
  }
  for (; l < n; l++) {
    double d = (double)x[l] - (double)mean;
    total += d * d;
  }
  return total + (double)vhsum(a0);
}

/* Returns sum over l < n of dy[l] * (x[l] - mean). */
static inline double centred_dot(const float *dy, const float *x, int64_t n, float mean) {
  vf m = vset1(mean), a0 = vzero();
  double total = 0.0;
  int64_t l = 0, since_flush = 0;
  for (; l + VL <= n; l += VL) {
    a0 = vfma(vload(dy + l), vsub(vload(x + l), m), a0);
    if (++since_flush == 32) {
      total += (double)vhsum(a0);
      a0 = vzero();
      since_flush = 0;
    }
  }
  /* masked dy lanes are 0, so the tail contributes nothing extra */
  if (l < n) a0 = vfma(vload_n(dy + l, n - l), vsub(vload_n(x + l, n - l), m), a0);
  return total + (double)vhsum(a0);
}

/* out[l] = (x[l] - mean) * scale + shift for l < n. */
static inline void normalise_row(const float *x, float *out, int64_t n, float mean, float scale, float shift) {
  vf m = vset1(mean), sc = vset1(scale), sh = vset1(shift);
  int64_t l = 0;
  for (; l + VL <= n; l += VL) vstore(out + l, vfma(vsub(vload(x + l), m), sc, sh));
  if (l < n) vstore_n(out + l, vfma(vsub(vload_n(x + l, n - l), m), sc, sh), n - l);
}

/*
 * dx (+)= kk * (g - mdy - (x - mean) * proj) over one row of n floats: batch norm's input gradient. Prefetches
 * `ahead` (a row written later, or NULL) a line per vector.
 */
ECG_INLINE void bn_input_gradient_row(const float *g, const float *x, float *dx, int64_t n, float kk, float mdy,
                                   float proj, float mean, bool accumulate, const float *ahead) {
  vf vk = vset1(kk), vmdy = vset1(mdy), vproj = vset1(proj), vmean = vset1(mean);
  for (int64_t l = 0; l < n; l += VL) {
    int64_t r = n - l < VL ? n - l : VL;
    if (ahead) __builtin_prefetch(ahead + l);
    vf vg = r == VL ? vload(g + l) : vload_n(g + l, r);
    vf vx = r == VL ? vload(x + l) : vload_n(x + l, r);
    vf d = vmul(vk, vsub(vsub(vg, vmdy), vmul(vsub(vx, vmean), vproj)));
    if (accumulate) d = vadd(d, r == VL ? vload(dx + l) : vload_n(dx + l, r));
    if (r == VL)
      vstore(dx + l, d);
    else
      vstore_n(dx + l, d, r);
  }
}

#endif
