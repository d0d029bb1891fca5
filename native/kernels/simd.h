/*
 * A tiny vector abstraction so each kernel is written once and compiled three times: with
 * ECG_ISA_AVX512 (16 float lanes), ECG_ISA_AVX2 (8 lanes, FMA) or neither (the portable scalar path,
 * 1 lane). Kernel names get the ISA suffix through KFN(name), so the three builds link side by side and
 * runtime/dispatch.c picks one table of function pointers.
 *
 * Every helper is deterministic: horizontal sums add lanes in a fixed order, so a result depends only on
 * the ISA and the input, never on timing.
 */
#ifndef ECG_SIMD_H
#define ECG_SIMD_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define ECG_INLINE static inline __attribute__((always_inline))

/*
 * Software prefetch distance (floats ahead, 2 KB) of loops that walk many rows a few KB long, such as batch
 * norm's per-channel rows N x (C L) apart: the hardware prefetchers restart at every row (and 4 KB page), and
 * would leave each row's start waiting on memory. (A prefetch past a buffer's end is harmless: it never
 * faults.) Plain contiguous streams gain nothing from it.
 */
#define ECG_PREFETCH_FLOATS 512

#if defined(ECG_ISA_AVX512)
#include <immintrin.h>
#define KFN(name) name##_avx512
#define VL 16
typedef __m512 vf;
typedef __m512i vi;
ECG_INLINE vf vzero(void) { return _mm512_setzero_ps(); }
ECG_INLINE vf vset1(float x) { return _mm512_set1_ps(x); }
ECG_INLINE vf vload(const float *p) { return _mm512_loadu_ps(p); }
ECG_INLINE void vstore(float *p, vf v) { _mm512_storeu_ps(p, v); }
ECG_INLINE __mmask16 vmask(ptrdiff_t n) { return (__mmask16)((1u << n) - 1u); }
/* Loads the first n < VL lanes (the rest are 0) without touching memory past p + n. */
ECG_INLINE vf vload_n(const float *p, ptrdiff_t n) { return _mm512_maskz_loadu_ps(vmask(n), p); }
ECG_INLINE void vstore_n(float *p, vf v, ptrdiff_t n) { _mm512_mask_storeu_ps(p, vmask(n), v); }
ECG_INLINE vf vadd(vf a, vf b) { return _mm512_add_ps(a, b); }
ECG_INLINE vf vsub(vf a, vf b) { return _mm512_sub_ps(a, b); }
ECG_INLINE vf vmul(vf a, vf b) { return _mm512_mul_ps(a, b); }
ECG_INLINE vf vdiv(vf a, vf b) { return _mm512_div_ps(a, b); }
ECG_INLINE vf vfma(vf a, vf b, vf c) { return _mm512_fmadd_ps(a, b, c); }
/* max/min that return NaN when either operand is NaN (like Math.max), used for reductions too. */
ECG_INLINE vf vmax_nan(vf a, vf b) {
  vf m = _mm512_max_ps(a, b);
  __mmask16 nan = _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q);
  return _mm512_mask_mov_ps(m, nan, a);
}
ECG_INLINE vf vmin_nan(vf a, vf b) {
  vf m = _mm512_min_ps(a, b);
  __mmask16 nan = _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q);
  return _mm512_mask_mov_ps(m, nan, a);
}
ECG_INLINE vf vsqrt(vf a) { return _mm512_sqrt_ps(a); }
ECG_INLINE float vhsum(vf v) {
  /* Fixed pairwise tree: 16 -> 8 -> 4 -> 2 -> 1. */
  __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
  __m128 q = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  q = _mm_add_ps(q, _mm_movehl_ps(q, q));
  q = _mm_add_ss(q, _mm_movehdup_ps(q));
  return _mm_cvtss_f32(q);
}
ECG_INLINE float vhmax(vf v) {
  float lanes[VL];
  vstore(lanes, v);
  float m = lanes[0];
  for (int i = 1; i < VL; i++) m = (m != m || m >= lanes[i]) ? m : lanes[i];
  return m;
}
/* 2^n for integer-valued n in [-126, 127], built from the exponent bits. */
ECG_INLINE vf vpow2i(vf n) {
  vi e = _mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127));
  return _mm512_castsi512_ps(_mm512_slli_epi32(e, 23));
}
ECG_INLINE vf vround(vf x) { return _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
ECG_INLINE vf vclamp(vf x, float lo, float hi) {
  return _mm512_min_ps(_mm512_max_ps(x, vset1(lo)), vset1(hi));
}
/* Lanes where x is NaN take x, the others take r. */
ECG_INLINE vf vkeep_nan(vf x, vf r) {
  return _mm512_mask_mov_ps(r, _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q), x);
}
ECG_INLINE vf vselect_gt(vf a, vf b, vf if_true, vf if_false) {
  return _mm512_mask_mov_ps(if_false, _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ), if_true);
}
ECG_INLINE vf vabs(vf x) { return _mm512_abs_ps(x); }
ECG_INLINE vf vcopysign(vf mag, vf sign) {
  const vi m = _mm512_set1_epi32(0x80000000);
  return _mm512_castsi512_ps(_mm512_or_si512(_mm512_andnot_si512(m, _mm512_castps_si512(mag)),
                                             _mm512_and_si512(m, _mm512_castps_si512(sign))));
}

#elif defined(ECG_ISA_AVX2)
#include <immintrin.h>
#define KFN(name) name##_avx2
#define VL 8
typedef __m256 vf;
typedef __m256i vi;
ECG_INLINE vf vzero(void) { return _mm256_setzero_ps(); }
ECG_INLINE vf vset1(float x) { return _mm256_set1_ps(x); }
ECG_INLINE vf vload(const float *p) { return _mm256_loadu_ps(p); }
ECG_INLINE void vstore(float *p, vf v) { _mm256_storeu_ps(p, v); }
ECG_INLINE __m256i vmask(ptrdiff_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
ECG_INLINE vf vload_n(const float *p, ptrdiff_t n) { return _mm256_maskload_ps(p, vmask(n)); }
ECG_INLINE void vstore_n(float *p, vf v, ptrdiff_t n) { _mm256_maskstore_ps(p, vmask(n), v); }
ECG_INLINE vf vadd(vf a, vf b) { return _mm256_add_ps(a, b); }
ECG_INLINE vf vsub(vf a, vf b) { return _mm256_sub_ps(a, b); }
ECG_INLINE vf vmul(vf a, vf b) { return _mm256_mul_ps(a, b); }
ECG_INLINE vf vdiv(vf a, vf b) { return _mm256_div_ps(a, b); }
ECG_INLINE vf vfma(vf a, vf b, vf c) { return _mm256_fmadd_ps(a, b, c); }
ECG_INLINE vf vmax_nan(vf a, vf b) {
  vf m = _mm256_max_ps(a, b);
  return _mm256_blendv_ps(m, a, _mm256_cmp_ps(a, a, _CMP_UNORD_Q));
}
ECG_INLINE vf vmin_nan(vf a, vf b) {
  vf m = _mm256_min_ps(a, b);
  return _mm256_blendv_ps(m, a, _mm256_cmp_ps(a, a, _CMP_UNORD_Q));
}
ECG_INLINE vf vsqrt(vf a) { return _mm256_sqrt_ps(a); }
ECG_INLINE float vhsum(vf v) {
  __m128 q = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  q = _mm_add_ps(q, _mm_movehl_ps(q, q));
  q = _mm_add_ss(q, _mm_movehdup_ps(q));
  return _mm_cvtss_f32(q);
}
ECG_INLINE float vhmax(vf v) {
  float lanes[VL];
  vstore(lanes, v);
  float m = lanes[0];
  for (int i = 1; i < VL; i++) m = (m != m || m >= lanes[i]) ? m : lanes[i];
  return m;
}
ECG_INLINE vf vpow2i(vf n) {
  vi e = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
  return _mm256_castsi256_ps(_mm256_slli_epi32(e, 23));
}
ECG_INLINE vf vround(vf x) { return _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
ECG_INLINE vf vclamp(vf x, float lo, float hi) {
  return _mm256_min_ps(_mm256_max_ps(x, vset1(lo)), vset1(hi));
}
ECG_INLINE vf vkeep_nan(vf x, vf r) { return _mm256_blendv_ps(r, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q)); }
ECG_INLINE vf vselect_gt(vf a, vf b, vf if_true, vf if_false) {
  return _mm256_blendv_ps(if_false, if_true, _mm256_cmp_ps(a, b, _CMP_GT_OQ));
}
ECG_INLINE vf vabs(vf x) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x); }
ECG_INLINE vf vcopysign(vf mag, vf sign) {
  const vf m = _mm256_set1_ps(-0.0f);
  return _mm256_or_ps(_mm256_andnot_ps(m, mag), _mm256_and_ps(m, sign));
}

#else /* portable scalar path */
#define KFN(name) name##_scalar
#define VL 1
typedef float vf;
ECG_INLINE vf vzero(void) { return 0.0f; }
ECG_INLINE vf vset1(float x) { return x; }
ECG_INLINE vf vload(const float *p) { return *p; }
ECG_INLINE void vstore(float *p, vf v) { *p = v; }
ECG_INLINE vf vload_n(const float *p, ptrdiff_t n) { return n > 0 ? *p : 0.0f; }
ECG_INLINE void vstore_n(float *p, vf v, ptrdiff_t n) {
  if (n > 0) *p = v;
}
ECG_INLINE vf vadd(vf a, vf b) { return a + b; }
ECG_INLINE vf vsub(vf a, vf b) { return a - b; }
ECG_INLINE vf vmul(vf a, vf b) { return a * b; }
ECG_INLINE vf vdiv(vf a, vf b) { return a / b; }
ECG_INLINE vf vfma(vf a, vf b, vf c) { return a * b + c; }
ECG_INLINE vf vmax_nan(vf a, vf b) { return (a != a || a > b) ? a : b; }
ECG_INLINE vf vmin_nan(vf a, vf b) { return (a != a || a < b) ? a : b; }
ECG_INLINE vf vsqrt(vf a) { return sqrtf(a); }
ECG_INLINE float vhsum(vf v) { return v; }
ECG_INLINE float vhmax(vf v) { return v; }
ECG_INLINE vf vpow2i(vf n) {
  union {
    int32_t i;
    float f;
  } u = {.i = ((int32_t)n + 127) << 23};
  return u.f;
}
ECG_INLINE vf vround(vf x) { return nearbyintf(x); }
ECG_INLINE vf vclamp(vf x, float lo, float hi) { return x < lo ? lo : (x > hi ? hi : x); }
ECG_INLINE vf vkeep_nan(vf x, vf r) { return x != x ? x : r; }
ECG_INLINE vf vselect_gt(vf a, vf b, vf if_true, vf if_false) { return a > b ? if_true : if_false; }
ECG_INLINE vf vabs(vf x) { return fabsf(x); }
ECG_INLINE vf vcopysign(vf mag, vf sign) { return copysignf(mag, sign); }
#endif

#if defined(ECG_ISA_AVX512)
/* Transposes the VL x VL block held in r[0..VL) in place (r[i] row i -> r[i] column i). */
ECG_INLINE void vtranspose(vf r[VL]) {
  vf t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    r[i] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    r[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    r[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    r[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int i = 0; i < 4; i++) {
    t[i] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0x88);
    t[i + 4] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0xdd);
    t[i + 8] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0x88);
    t[i + 12] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0xdd);
  }
  for (int i = 0; i < 8; i++) {
    r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
  }
}
#elif defined(ECG_ISA_AVX2)
ECG_INLINE void vtranspose(vf r[VL]) {
  vf t[8], s[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 8; i += 4) {
    s[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
    s[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
    s[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
    s[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
  }
  for (int i = 0; i < 4; i++) {
    r[i] = _mm256_permute2f128_ps(s[i], s[i + 4], 0x20);
    r[i + 4] = _mm256_permute2f128_ps(s[i], s[i + 4], 0x31);
  }
}
#else
ECG_INLINE void vtranspose(vf r[VL]) { (void)r; }
#endif

/* Splits the 2 VL floats [a, b] into their even- and odd-indexed halves (stride-2 deinterleave). */
ECG_INLINE void vdeinterleave2(vf a, vf b, vf *even, vf *odd) {
#if defined(ECG_ISA_AVX512)
  const __m512i ie = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i io = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
  *even = _mm512_permutex2var_ps(a, ie, b);
  *odd = _mm512_permutex2var_ps(a, io, b);
#elif defined(ECG_ISA_AVX2)
  *even = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a, b, 0x88)), 0xD8));
  *odd = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a, b, 0xDD)), 0xD8));
#else
  *even = a;
  *odd = b;
#endif
}

/* The inverse of vdeinterleave2: [lo, hi] = even[0], odd[0], even[1], odd[1], ... */
ECG_INLINE void vinterleave2(vf even, vf odd, vf *lo, vf *hi) {
#if defined(ECG_ISA_AVX512)
  const __m512i il = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i ih = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  *lo = _mm512_permutex2var_ps(even, il, odd);
  *hi = _mm512_permutex2var_ps(even, ih, odd);
#elif defined(ECG_ISA_AVX2)
  vf l = _mm256_unpacklo_ps(even, odd), h = _mm256_unpackhi_ps(even, odd);
  *lo = _mm256_permute2f128_ps(l, h, 0x20);
  *hi = _mm256_permute2f128_ps(l, h, 0x31);
#else
  *lo = even;
  *hi = odd;
#endif
}

/*
 * exp(x) to ~1 ulp: x = n ln2 + r with |r| <= ln2/2 (Cody-Waite split of ln2), then a degree-6 polynomial
 * for e^r (the Cephes expf coefficients) and a 2^n scale. NaN stays NaN.
 * AVX-512 scales with vscalefps, which also produces the subnormal results below -87.3 and +inf above 88.7;
 * the other paths clamp, scale in two steps and flush results below -87.3 to 0.
 */
#if defined(ECG_ISA_AVX512)
ECG_INLINE vf vexp(vf x) {
  const float ln2_hi = 0.693359375f, ln2_lo = -2.12194440e-4f;
  /* max/min with x second keep a NaN x (the second operand is returned when either is NaN) */
  vf xc = _mm512_min_ps(vset1(89.0f), _mm512_max_ps(vset1(-104.0f), x));
  vf n = vround(vmul(xc, vset1(1.44269504088896341f)));
  vf r = vfma(n, vset1(-ln2_hi), xc);
  r = vfma(n, vset1(-ln2_lo), r);
  vf p = vset1(1.9875691500e-4f);
  p = vfma(p, r, vset1(1.3981999507e-3f));
  p = vfma(p, r, vset1(8.3334519073e-3f));
  p = vfma(p, r, vset1(4.1665795894e-2f));
  p = vfma(p, r, vset1(1.6666665459e-1f));
  p = vfma(p, r, vset1(5.0000001201e-1f));
  p = vfma(p, vmul(r, r), vadd(r, vset1(1.0f)));
  return _mm512_scalef_ps(p, n);
}
#else
ECG_INLINE vf vexp(vf x) {
  const float ln2_hi = 0.693359375f, ln2_lo = -2.12194440e-4f;
  vf xc = vclamp(x, -87.33654f, 88.72283f);
  vf n = vround(vmul(xc, vset1(1.44269504088896341f)));
  vf r = vfma(n, vset1(-ln2_hi), xc);
  r = vfma(n, vset1(-ln2_lo), r);
  vf p = vset1(1.9875691500e-4f);
  p = vfma(p, r, vset1(1.3981999507e-3f));
  p = vfma(p, r, vset1(8.3334519073e-3f));
  p = vfma(p, r, vset1(4.1665795894e-2f));
  p = vfma(p, r, vset1(1.6666665459e-1f));
  p = vfma(p, r, vset1(5.0000001201e-1f));
  vf r2 = vmul(r, r);
  p = vfma(p, r2, vadd(r, vset1(1.0f)));
  /* n may be 128 at the top of the range: scale in two steps so 2^n never overflows the exponent field. */
  vf half = vround(vmul(n, vset1(0.5f)));
  vf y = vmul(vmul(p, vpow2i(half)), vpow2i(vsub(n, half)));
  y = vselect_gt(x, vset1(88.72283f), vset1(INFINITY), y);
  y = vselect_gt(vset1(-87.33654f), x, vzero(), y);
  return vkeep_nan(x, y);
}
#endif

/*
 * 1 / d for d in [1, 2]. AVX-512: the 14-bit reciprocal estimate refined by one Newton step written as
 * r + r (1 - d r) with an FMA (within 1 ulp), about 4x the throughput of vdivps; other paths divide.
 */
#if defined(ECG_ISA_AVX512)
ECG_INLINE vf vrecip_1_2(vf d) {
  vf r = _mm512_rcp14_ps(d);
  return vfma(r, _mm512_fnmadd_ps(d, r, vset1(1.0f)), r);
}
#else
ECG_INLINE vf vrecip_1_2(vf d) { return vdiv(vset1(1.0f), d); }
#endif

/*
 * sigmoid(x) from t = e^-|x| in (0, 1], which never overflows: 1 / (1 + t) for x >= 0 and t / (1 + t) for
 * x < 0 (so results below float32's smallest normal keep their subnormal value). NaN stays NaN.
 */
ECG_INLINE vf vsigmoid(vf x) {
  vf t = vexp(vsub(vzero(), vabs(x)));
  vf r = vrecip_1_2(vadd(vset1(1.0f), t));
  return vselect_gt(vzero(), x, vmul(t, r), r);
}

/*
 * Loads lanes j in [lo, hi) (0 <= lo <= hi <= VL) from p[j] and zeroes the others, touching no memory outside
 * p[lo..hi). NOTE: p itself may point before the buffer (p + lo is inside it): a convolution's padded edge.
 */
#if defined(ECG_ISA_AVX512)
ECG_INLINE vf vload_lanes(const float *p, ptrdiff_t lo, ptrdiff_t hi) {
  __mmask16 m = (__mmask16)(((1u << hi) - 1u) & ~((1u << lo) - 1u));
  return _mm512_maskz_loadu_ps(m, p);
}
#elif defined(ECG_ISA_AVX2)
ECG_INLINE vf vload_lanes(const float *p, ptrdiff_t lo, ptrdiff_t hi) {
  __m256i j = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  __m256i m = _mm256_andnot_si256(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)lo), j),
                                  _mm256_cmpgt_epi32(_mm256_set1_epi32((int)hi), j));
  return _mm256_maskload_ps(p, m);
}
#else
ECG_INLINE vf vload_lanes(const float *p, ptrdiff_t lo, ptrdiff_t hi) { return lo == 0 && hi > 0 ? *p : 0.0f; }
#endif

/* Zeroes the lanes at and past n (n < VL): masks the tail of a computation on a vload_n vector. */
#if defined(ECG_ISA_AVX512)
ECG_INLINE vf vkeep_n(vf v, ptrdiff_t n) { return _mm512_maskz_mov_ps(vmask(n), v); }
#elif defined(ECG_ISA_AVX2)
ECG_INLINE vf vkeep_n(vf v, ptrdiff_t n) { return _mm256_and_ps(v, _mm256_castsi256_ps(vmask(n))); }
#else
ECG_INLINE vf vkeep_n(vf v, ptrdiff_t n) { return n > 0 ? v : 0.0f; }
#endif

/*
 * tanh(x): the Cephes tanhf odd polynomial for |x| < 0.625 (no cancellation near 0), else
 * 1 - 2 / (e^(2|x|) + 1) with the sign of x restored.
 */
ECG_INLINE vf vtanh(vf x) {
  vf ax = vabs(x);
  vf z = vmul(x, x);
  vf p = vset1(-5.70498872745e-3f);
  p = vfma(p, z, vset1(2.06390887954e-2f));
  p = vfma(p, z, vset1(-5.37397155531e-2f));
  p = vfma(p, z, vset1(1.33314422036e-1f));
  p = vfma(p, z, vset1(-3.33332819422e-1f));
  vf small = vfma(vmul(p, z), x, x);
  vf e = vexp(vmul(vset1(2.0f), ax));
  vf big = vcopysign(vsub(vset1(1.0f), vdiv(vset1(2.0f), vadd(e, vset1(1.0f)))), x);
  return vkeep_nan(x, vselect_gt(vset1(0.625f), ax, small, big));
}

#endif
