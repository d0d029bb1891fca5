/*
 * Batched single-precision GEMM: packed operands and a register-blocked micro-kernel, in the
 * GotoBLAS/BLIS arrangement (Goto & van de Geijn, "Anatomy of high-performance matrix multiplication",
 * ACM TOMS 34(3), 2008).
 *
 * - A is packed into MR-row panels (k-major), B into NR-column panels; both zero-padded, so the
 *   micro-kernel never branches on edges except when it stores C.
 * - The micro-kernel keeps an MR x NR tile of C in registers: 12 x 32 floats (24 zmm) with AVX-512,
 *   6 x 16 (12 ymm) with AVX2. Each k step loads NV vectors of B and broadcasts MR values of A.
 * - Blocking: KC rows of K per packed panel (B panel in L1), MC rows of A per packed block (in L2).
 *
 * Determinism: every element of C is summed over k in the same order (KC blocks from k = 0, FMA per
 * k) whatever the thread count, because work is split only along M, N or the batch, on tile boundaries.
 */
#include <string.h>

#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "gemm.h"
#include "internal.h"

#if VL == 16
#define MR 12
#define NV 2
#elif VL == 8
#define MR 6
#define NV 2
#else
#define MR 4
#define NV 4
#endif
#define NR (NV * VL)
#define KC 256
#define MC (MR * 8)
#define NC (NR * 32)
/* Below this many flops a GEMM task is not worth waking another thread for. */
#define MIN_TASK_FLOPS (1 << 17)

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t round_up(int64_t a, int64_t b) { return (a + b - 1) / b * b; }

/* Packs rows [i0, i0 + mc) x columns [k0, k0 + kc) of A into MR-row panels, k-major, zero-padded. */
static void pack_a(ecg_mat A, int64_t i0, int64_t mc, int64_t k0, int64_t kc, float *restrict dst) {
  for (int64_t ip = 0; ip < mc; ip += MR) {
    int64_t mr = min64(MR, mc - ip);
    float *panel = dst + ip * kc;
    const float *src = A.p + (i0 + ip) * A.rs + k0 * A.cs;
    if (A.rs == 1) {
      for (int64_t k = 0; k < kc; k++) {
        const float *s = src + k * A.cs;
        float *d = panel + k * MR;
        for (int64_t i = 0; i < mr; i++) d[i] = s[i];
        for (int64_t i = mr; i < MR; i++) d[i] = 0.0f;
      }
    } else {
      for (int64_t k = 0; k < kc; k++) {
        const float *s = src + k * A.cs;
        float *d = panel + k * MR;
        for (int64_t i = 0; i < mr; i++) d[i] = s[i * A.rs];
        for (int64_t i = mr; i < MR; i++) d[i] = 0.0f;
      }
    }
  }
}

/*
 * Packs rows [k0, k0 + kc) x columns [j0, j0 + nc) of B into NR-column panels, k-major, zero-padded; with
 * row_scale, row k is multiplied by row_scale[k] (indexed from row 0 of B), with col_scale, column j by
 * col_scale[j] (indexed from column 0), on the way.
 */
static void pack_b(ecg_mat B, int64_t k0, int64_t kc, int64_t j0, int64_t nc, const float *row_scale,
                   const float *col_scale, float *restrict dst) {
  for (int64_t jp = 0; jp < nc; jp += NR) {
    int64_t nr = min64(NR, nc - jp);
    float *panel = dst + jp * kc;
    const float *src = B.p + k0 * B.rs + (j0 + jp) * B.cs;
    const float *cols = col_scale ? col_scale + j0 + jp : NULL;
    if (B.cs == 1 && !col_scale) {
      for (int64_t k = 0; k < kc; k++) {
        const float *s = src + k * B.rs;
        float *d = panel + k * NR;
        /* the next panel's part of this row: rows are B.rs floats apart, as many streams as rows, more than
         * the hardware prefetchers track */
        for (int v = 0; v < NV; v++) __builtin_prefetch(s + NR + v * VL);
        vf sc = vset1(row_scale ? row_scale[k0 + k] : 1.0f);
        for (int v = 0; v < NV; v++) {
          int64_t rem = nr - v * VL;
          vf r = rem >= VL ? vload(s + v * VL) : rem > 0 ? vload_n(s + v * VL, rem) : vzero();
          vstore(d + v * VL, row_scale ? vmul(r, sc) : r);
        }
      }
    } else if (B.rs == 1 && !row_scale) {
      /* B stored transposed (N, K): transpose VL x VL blocks in registers (a column scale scales each
       * stored row before). */
      for (int64_t k = 0; k < kc; k += VL) {
        int64_t kn = min64(VL, kc - k);
        for (int v = 0; v < NV; v++) {
          vf r[VL];
          for (int j = 0; j < VL; j++) {
            int64_t col = v * VL + j;
            const float *s = src + col * B.cs + k;
            if (col < nr) __builtin_prefetch(s + 4 * VL); /* (one stream per column, too) */
            r[j] = col >= nr ? vzero() : kn == VL ? vload(s) : vload_n(s, kn);
            if (cols && col < nr) r[j] = vmul(r[j], vset1(cols[col]));
          }
          vtranspose(r);
          for (int64_t kk = 0; kk < kn; kk++) vstore(panel + (k + kk) * NR + v * VL, r[kk]);
        }
      }
    } else {
      for (int64_t k = 0; k < kc; k++) {
        float sc = row_scale ? row_scale[k0 + k] : 1.0f;
        for (int64_t j = 0; j < NR; j++)
          panel[k * NR + j] = j < nr ? src[k * B.rs + j * B.cs] * sc * (cols ? cols[j] : 1.0f) : 0.0f;
      }
    }
  }
}

/* act(x) for the epilogue (SiLU, ReLU with NaN kept, sigmoid). */
ECG_INLINE vf epilogue_act(vf x, ecg_activation act) {
  switch (act) {
    case ECG_ACT_SILU:
      return vmul(x, vsigmoid(x));
    case ECG_ACT_RELU:
      return vkeep_nan(x, vselect_gt(x, vzero(), x, vzero()));
    case ECG_ACT_SIGMOID:
      return vsigmoid(x);
    default:
      return x;
  }
}

/*
 * C tile (mr rows, ncols <= nv * VL columns) = alpha * A @ pb + beta * C (beta = 0: C not read), where
 * A(i, k) = pa[i * a_step + k] when a_rows (A read in place, row-major) else pa[k * a_step + i] (a packed
 * panel with a_step = MR, or A stored transposed). mr, nv and a_rows are compile-time constants at every
 * call site, so acc[][] lives in registers.
 */
ECG_INLINE void micro_tile(const int mr, const int nv, const bool a_rows, int64_t kc, const float *restrict pa,
                           int64_t a_step, const float *restrict pb, float *restrict C, int64_t ldc,
                           int64_t ncols, float alpha, float beta, const float *bias, const float *col_bias,
                           ecg_activation act) {
  vf acc[MR][NV];
  for (int i = 0; i < mr; i++)
    for (int v = 0; v < nv; v++) acc[i][v] = vzero();
#pragma GCC unroll 2
  for (int64_t k = 0; k < kc; k++) {
    vf b[NV];
    for (int v = 0; v < nv; v++) b[v] = vload(pb + k * NR + v * VL);
    for (int i = 0; i < mr; i++) {
      vf a = vset1(a_rows ? pa[i * a_step + k] : pa[k * a_step + i]);
      for (int v = 0; v < nv; v++) acc[i][v] = vfma(a, b[v], acc[i][v]);
    }
  }
  vf va = vset1(alpha), vb = vset1(beta);
  for (int i = 0; i < mr; i++) {
    float *c = C + i * ldc;
    for (int v = 0; v < nv; v++) {
      int64_t rem = ncols - v * VL;
      vf r = vmul(va, acc[i][v]);
      if (beta != 0.0f) r = vfma(vb, rem >= VL ? vload(c + v * VL) : vload_n(c + v * VL, rem), r);
      if (bias) r = vadd(r, vset1(bias[i]));
      if (col_bias) r = vadd(r, rem >= VL ? vload(col_bias + v * VL) : vload_n(col_bias + v * VL, rem));
      if (act != ECG_ACT_NONE) r = epilogue_act(r, act);
      if (rem >= VL)
        vstore(c + v * VL, r);
      else
        vstore_n(c + v * VL, r, rem);
    }
  }
}

#define TILE(m, v)                                                                       \
  case (m) * 8 + (v):                                                                    \
    if (a_rows)                                                                          \
      micro_tile(m, v, true, kc, pa, a_step, pb, C, ldc, ncols, alpha, beta, bias, col_bias, act); \
    else                                                                                 \
      micro_tile(m, v, false, kc, pa, a_step, pb, C, ldc, ncols, alpha, beta, bias, col_bias, act); \
    return;
#if NV == 2
#define TILE_ROW(m) TILE(m, 1) TILE(m, 2)
#else
#define TILE_ROW(m) TILE(m, 1) TILE(m, 2) TILE(m, 3) TILE(m, 4)
#endif

static void micro(int mr, int nv, bool a_rows, int64_t kc, const float *pa, int64_t a_step, const float *pb,
                  float *C, int64_t ldc, int64_t ncols, float alpha, float beta, const float *bias,
                  const float *col_bias, ecg_activation act) {
  switch (mr * 8 + nv) {
    TILE_ROW(1) TILE_ROW(2) TILE_ROW(3) TILE_ROW(4)
#if MR >= 6
    TILE_ROW(5) TILE_ROW(6)
#endif
#if MR >= 12
    TILE_ROW(7) TILE_ROW(8) TILE_ROW(9) TILE_ROW(10) TILE_ROW(11) TILE_ROW(12)
#endif
    default:
      return;
  }
}

/* A fully packed A shared by several tasks: k-block pc of rows [0, m_pad) starts at p + pc * m_pad. */
typedef struct {
  const float *p;
  int64_t m_pad;
  int64_t row0; /* first row of this sub-problem, a multiple of MR */
} shared_a;

/* C = act(beta C + bias[row]): the product of an empty K. */
static void scale_c(float *C, int64_t ldc, int64_t M, int64_t N, float beta, const ecg_epilogue *ep) {
  for (int64_t i = 0; i < M; i++) {
    float *c = C + i * ldc;
    for (int64_t j = 0; j < N; j++) c[j] = beta == 0.0f ? 0.0f : beta * c[j];
    if (!ep) continue;
    vf b = vset1(ep->bias ? ep->bias[i] : 0.0f);
    for (int64_t j = 0; j < N; j += VL) {
      int64_t m = min64(VL, N - j);
      vf r = vadd(m == VL ? vload(c + j) : vload_n(c + j, m), b);
      if (ep->col_bias) r = vadd(r, m == VL ? vload(ep->col_bias + j) : vload_n(ep->col_bias + j, m));
      r = epilogue_act(r, ep->act);
      if (m == VL)
        vstore(c + j, r);
      else
        vstore_n(c + j, r, m);
    }
  }
}

static bool gemm_blocked(ecg_mat A, ecg_mat B, float *C, int64_t ldc, int64_t M, int64_t N, int64_t K,
                         float alpha, float beta, const shared_a *packed, const ecg_epilogue *ep) {
  if (K <= 0) {
    scale_c(C, ldc, M, N, beta, ep);
    return true;
  }
  float *pb = ecg_scratch(ECG_SCRATCH_GEMM_B, (size_t)KC * NC);
  float *pa = packed ? NULL : ecg_scratch(ECG_SCRATCH_GEMM_A, (size_t)MC * KC);
  if (!pb || (!packed && !pa)) return false;
  for (int64_t jc = 0; jc < N; jc += NC) {
    int64_t nc = min64(NC, N - jc);
    for (int64_t pc = 0; pc < K; pc += KC) {
      int64_t kc = min64(KC, K - pc);
      float beta_block = pc == 0 ? beta : 1.0f;
      /* the bias and activation apply once, as the last block of K is stored */
      bool last = pc + kc >= K;
      const float *bias = ep && last ? ep->bias : NULL;
      const float *col_bias = ep && last ? ep->col_bias : NULL;
      ecg_activation act = ep && last ? ep->act : ECG_ACT_NONE;
      pack_b(B, pc, kc, jc, nc, ep ? ep->b_row_scale : NULL, ep ? ep->b_col_scale : NULL, pb);
      for (int64_t ic = 0; ic < M; ic += MC) {
        int64_t mc = min64(MC, M - ic);
        /* A tile addressing: (base, step between rows or k, step per MR rows) */
        const float *block;
        bool a_rows = false;
        int64_t a_step = MR, panel_step = MR * kc;
        if (packed) {
          block = packed->p + pc * packed->m_pad + (packed->row0 + ic) * kc;
        } else if (A.rs == 1 || (nc <= 2 * NR && A.cs == 1)) {
          /* Read A in place: stored transposed (broadcasts from one line per k), or too few B panels
           * to pay back the packing. */
          block = A.p + ic * A.rs + pc * A.cs;
          a_rows = A.rs != 1;
          a_step = a_rows ? A.rs : A.cs;
          panel_step = MR * A.rs;
        } else {
          pack_a(A, ic, mc, pc, kc, pa);
          block = pa;
        }
        /* NOTE: rows of tiles outer, columns inner: consecutive tiles then write the same MR rows of C
         * left to right, a few sequential streams the hardware prefetcher follows. (Columns outer would
         * touch all mc rows per step; with a small K the C write misses then dominate.) */
        for (int64_t ir = 0; ir < mc; ir += MR) {
          int mr = (int)min64(MR, mc - ir);
          for (int64_t jr = 0; jr < nc; jr += NR) {
            int64_t ncols = min64(NR, nc - jr);
            int nv = (int)((ncols + VL - 1) / VL);
            micro(mr, nv, a_rows, kc, block + ir / MR * panel_step, a_step, pb + jr * kc,
                  C + (ic + ir) * ldc + jc + jr, ldc, ncols, alpha, beta_block, bias ? bias + ic + ir : NULL,
                  col_bias ? col_bias + jc + jr : NULL, act);
          }
        }
      }
    }
  }
  return true;
}

bool KFN(ecg_gemm_serial)(ecg_mat A, ecg_mat B, float *C, int64_t ldc, int64_t M, int64_t N, int64_t K,
                          float alpha, float beta, const ecg_epilogue *ep) {
  return gemm_blocked(A, B, C, ldc, M, N, K, alpha, beta, NULL, ep);
}

typedef struct {
  ecg_mat A, B;
  float *C;
  int64_t strideA, strideB, strideC;
  int64_t batch, M, N, K;
  float alpha, beta, beta_rest; /* beta_rest: beta for batches after the first in sequential mode */
  int64_t nsplit;        /* sub-problems per GEMM */
  bool split_n;          /* split along N (else along M) */
  bool sequential_batch; /* C batches overlap (strideC = 0 sums over the batch): one task walks them in order */
  const float *shared;   /* A packed once for all tasks (strideA = 0), or NULL */
  int64_t m_pad;
  const ecg_epilogue *ep; /* or NULL */
} gemm_job;

static void gemm_task(void *ctx, int64_t begin, int64_t end) {
  const gemm_job *job = ctx;
  for (int64_t t = begin; t < end; t++) {
    int64_t s = job->sequential_batch ? t : t % job->nsplit;
    int64_t b0 = job->sequential_batch ? 0 : t / job->nsplit;
    int64_t b1 = job->sequential_batch ? job->batch : b0 + 1;
    int64_t i0 = 0, i1 = job->M, j0 = 0, j1 = job->N;
    if (job->split_n) {
      int64_t tiles = (job->N + NR - 1) / NR;
      j0 = s * tiles / job->nsplit * NR;
      j1 = min64(job->N, (s + 1) * tiles / job->nsplit * NR);
    } else {
      int64_t tiles = (job->M + MR - 1) / MR;
      i0 = s * tiles / job->nsplit * MR;
      i1 = min64(job->M, (s + 1) * tiles / job->nsplit * MR);
    }
    if (i0 >= i1 || j0 >= j1) continue;
    shared_a packed = {job->shared, job->m_pad, i0};
    int64_t rows = i1 - i0, cols = j1 - j0;
    /* NOTE: batches summed into one C (sequential mode) accumulate in a private copy of this task's block:
     * the tasks' blocks share cache lines at their edges whenever C is not 64-byte aligned, and writing
     * them once per batch item from two cores would bounce those lines back and forth. */
    float *block = NULL;
    if (job->sequential_batch) {
      block = ecg_scratch(ECG_SCRATCH_GEMM_C, (size_t)(rows * cols));
      if (!block) return;
      if (job->beta != 0.0f)
        for (int64_t i = 0; i < rows; i++) memcpy(block + i * cols, job->C + (i0 + i) * job->N + j0, (size_t)cols * 4);
    }
    for (int64_t b = b0; b < b1; b++) {
      ecg_mat A = {job->A.p + b * job->strideA + i0 * job->A.rs, job->A.rs, job->A.cs};
      ecg_mat B = {job->B.p + b * job->strideB + j0 * job->B.cs, job->B.rs, job->B.cs};
      float *C = block ? block : job->C + b * job->strideC + i0 * job->N + j0;
      int64_t ldc = block ? cols : job->N;
      float beta = b == b0 ? job->beta : job->beta_rest;
      ecg_epilogue ep;
      if (job->ep) {
        ep = *job->ep;
        if (ep.bias) ep.bias += i0;
        if (ep.col_bias) ep.col_bias += j0;
        if (ep.b_row_scale) ep.b_row_scale += b * ep.b_row_scale_stride;
        /* (B was offset by j0 columns; its column scale follows) */
        if (ep.b_col_scale) ep.b_col_scale += b * ep.b_col_scale_stride + j0;
        if (job->sequential_batch) {
          /* summed over the batch: a bias or activation per item would be wrong */
          ep.bias = ep.col_bias = NULL;
          ep.act = ECG_ACT_NONE;
        }
      }
      if (!gemm_blocked(A, B, C, ldc, rows, cols, job->K, job->alpha, beta, job->shared ? &packed : NULL,
                        job->ep ? &ep : NULL))
        return;
    }
    if (block)
      for (int64_t i = 0; i < rows; i++) memcpy(job->C + (i0 + i) * job->N + j0, block + i * cols, (size_t)cols * 4);
  }
}

static int64_t gcd64(int64_t a, int64_t b) {
  while (b) {
    int64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static void gemm_run(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                     const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float beta_rest,
                     float *C, int64_t strideC, const ecg_epilogue *ep) {
  if (batch <= 0 || M <= 0 || N <= 0) return;
  gemm_job job = {
      .A = transA ? (ecg_mat){A, 1, M} : (ecg_mat){A, K, 1},
      .B = transB ? (ecg_mat){B, 1, K} : (ecg_mat){B, N, 1},
      .C = C,
      .strideA = strideA,
      .strideB = strideB,
      .strideC = strideC,
      .batch = batch,
      .M = M,
      .N = N,
      .K = K,
      .alpha = alpha,
      .beta = beta,
      .beta_rest = beta_rest,
      .sequential_batch = batch > 1 && strideC < M * N,
      .ep = ep,
  };
  int64_t threads = ecg_get_threads();
  int64_t units = job.sequential_batch ? 1 : batch;
  /* Split each GEMM so that the task count is a multiple of the thread count (balanced static split). */
  int64_t nsplit = threads / gcd64(units, threads);
  int64_t tiles_n = (N + NR - 1) / NR, tiles_m = (M + MR - 1) / MR;
  /* along N each task packs all of A, along M all of B: split the longer side (A is the big operand of
   * attention's projections, M = batch x positions, N = 64) */
  job.split_n = tiles_n >= nsplit && (tiles_n >= tiles_m || tiles_m < nsplit);
  int64_t tiles = job.split_n ? tiles_n : tiles_m;
  job.nsplit = nsplit < tiles ? nsplit : tiles;
  int64_t tasks = job.sequential_batch ? job.nsplit : batch * job.nsplit;

  /* a shared A is packed once, here, before the tasks run: only worth it when several tasks read all of it */
  if (strideA == 0 && K > 0 && (batch > 1 || (job.split_n && job.nsplit > 1))) {
    job.m_pad = round_up(M, MR);
    float *packed = ecg_scratch(ECG_SCRATCH_GEMM_SHARED_A, (size_t)(job.m_pad * K));
    if (!packed) return;
    for (int64_t pc = 0; pc < K; pc += KC) pack_a(job.A, 0, M, pc, min64(KC, K - pc), packed + pc * job.m_pad);
    job.shared = packed;
  }
  double task_flops = 2.0 * (double)M * (double)N * (double)(K > 0 ? K : 1) / (double)job.nsplit *
                      (job.sequential_batch ? (double)batch : 1.0);
  int64_t grain = task_flops >= MIN_TASK_FLOPS ? 1 : (int64_t)(MIN_TASK_FLOPS / task_flops) + 1;
  ecg_parallel_for(tasks, grain, gemm_task, &job);
}

void KFN(ecg_gemm)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                   const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C,
                   int64_t strideC) {
  gemm_run(transA, transB, batch, M, N, K, alpha, A, strideA, B, strideB, beta, beta, C, strideC, NULL);
}

void KFN(ecg_gemm_ep)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                      const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C,
                      int64_t strideC, const ecg_epilogue *ep) {
  gemm_run(transA, transB, batch, M, N, K, alpha, A, strideA, B, strideB, beta, beta, C, strideC, ep);
}

void KFN(ecg_gemm_sum_ep)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                          const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C,
                          const ecg_epilogue *ep) {
  gemm_run(transA, transB, batch, M, N, K, alpha, A, strideA, B, strideB, beta, 1.0f, C, 0, ep);
}

void KFN(ecg_gemm_sum)(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K, float alpha,
                       const float *A, int64_t strideA, const float *B, int64_t strideB, float beta, float *C) {
  gemm_run(transA, transB, batch, M, N, K, alpha, A, strideA, B, strideB, beta, 1.0f, C, 0, NULL);
}
