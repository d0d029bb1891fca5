/*
 * The middle of an MBConv block in training as one kernel per direction (kernels.h ecg_depthwise_norm_params):
 * y = act(bn_out(depthwise(act(bn_in(x))))), bn_in optional. Everything between x and y is per channel (the
 * depthwise conv mixes no channels, batch norm's statistics are per channel), so one task takes a channel
 * through the whole chain with its (N, L) rows in per-thread scratch (at most 64 x 1500 floats, 384 KB: L2).
 * Against the three unfused kernels this reads x once and writes y once, instead of writing and re-reading
 * act(bn_in(x)) and the conv's output, and neither of those is stored for the backward: the backward
 * recomputes them from x and the saved statistics, channel by channel, and writes only dx.
 *
 * Sums (statistics, the gradient sums of both norms, the conv's weight gradient) run per channel in a fixed
 * order: rows in sample order, each row's float-vector partials flushed to double per row (or per chunk of a
 * long row). So results are bit-identical for any thread count.
 */
#include <math.h>
#include <string.h>

#include "../runtime/pool.h"
#include "../runtime/scratch.h"
#include "activation.h"
#include "conv.h"
#include "internal.h"
#include "stats.h"

typedef struct {
  const float *x, *w, *dy;
  float *y, *dx, *dw, *dgamma_in, *dbeta_in, *dgamma_out, *dbeta_out;
  const ecg_depthwise_norm_params *p;
  bool accumulate;
} dn_job;

/* One channel's normalising map u = (x - mean) * scale + shift, scale = invstd * gamma. */
typedef struct {
  float mean, invstd, scale, shift;
} norm_map;

/*
 * Asks for row `r` of N rows of n floats, `stride` apart, to be brought to cache, when it exists. The rows of
 * one channel are C * L floats apart, a stride the hardware prefetchers do not follow, so every row would
 * otherwise start with a wait on memory; callers ask for the row about ECG_PREFETCH_FLOATS floats ahead
 * (rows_ahead), several rows ahead when rows are short.
 */
static inline void prefetch_row(const float *x, int64_t r, int64_t N, int64_t n, int64_t stride) {
  if (r >= N) return;
  for (int64_t l = 0; l < n; l += 64 / sizeof(float)) __builtin_prefetch(x + r * stride + l);
}

/* Returns how many rows of n floats ahead to prefetch: at least one, about ECG_PREFETCH_FLOATS floats. */
static inline int64_t rows_ahead(int64_t n) { return n >= ECG_PREFETCH_FLOATS ? 1 : ECG_PREFETCH_FLOATS / (n > 0 ? n : 1); }

/*
 * Returns the row to prefetch while working on row r of N rows of n floats (`stride` apart from `base`), or
 * NULL past the last. The row functions prefetch it one line per vector as they go: spread like that the
 * requests overlap the work (a whole row asked for at once queues behind the few line-fill buffers, and the
 * loads of the current row waited on memory at 40% of the forward's and backward's row passes at L = 1500,
 * `perf annotate`).
 */
static inline const float *row_ahead(const float *base, int64_t r, int64_t N, int64_t n, int64_t stride) {
  int64_t next = r + rows_ahead(n);
  return next < N ? base + next * stride : NULL;
}

/*
 * Two running sums over a channel's rows: float-vector partials carried from row to row and added to the
 * doubles every FLUSH_VECTORS vectors (so short rows do not pay a horizontal sum each), in an order that
 * depends only on the row count and length.
 */
#define FLUSH_VECTORS 32
typedef struct {
  vf a, b;
  int64_t pending;
  double sum_a, sum_b;
} vsums;

static const vsums vsums_zero = {0};

ECG_INLINE void vsums_flush(vsums *s) {
  s->sum_a += (double)vhsum(s->a);
  s->sum_b += (double)vhsum(s->b);
  s->a = s->b = vzero();
  s->pending = 0;
}

/* Adds a and b (one vector each) to the sums. */
ECG_INLINE void vsums_add(vsums *s, vf a, vf b) {
  s->a = vadd(s->a, a);
  s->b = vadd(s->b, b);
  if (++s->pending == FLUSH_VECTORS) vsums_flush(s);
}

static ecg_conv1d_params conv_params(const ecg_depthwise_norm_params *p) {
  return (ecg_conv1d_params){.N = p->N, .Cin = p->C, .Lin = p->Lin, .Cout = p->C, .K = p->K, .Lout = p->Lout,
                             .stride = p->stride, .padLeft = p->padLeft, .dilation = p->dilation, .groups = p->C};
}

static norm_map map_of(const ecg_batchnorm_params *bn, int64_t c, float mean, float invstd) {
  return (norm_map){.mean = mean, .invstd = invstd, .scale = invstd * (bn->gamma ? bn->gamma[c] : 1.0f),
                    .shift = bn->beta ? bn->beta[c] : 0.0f};
}

/* Returns the sums over N rows of n floats (`stride` apart) of x (in sum_a) and (x - shift)^2 (in sum_b). */
static vsums row_sums(const float *x, int64_t N, int64_t n, int64_t stride, float shift, bool squares) {
  vsums s = vsums_zero;
  vf m = vset1(shift);
  int64_t ahead = rows_ahead(n);
  for (int64_t r = 0; r < N; r++) {
    const float *row = x + r * stride;
    /* (the first pass reads from memory; the second finds the rows in cache) */
    const float *next = !squares && r + ahead < N ? x + (r + ahead) * stride : NULL;
    for (int64_t l = 0; l < n; l += VL) {
      int64_t k = n - l < VL ? n - l : VL;
      if (next) __builtin_prefetch(next + l);
      vf v = k == VL ? vload(row + l) : vload_n(row + l, k);
      if (squares) {
        vf d = vsub(v, m);
        if (k != VL) d = vkeep_n(d, k);
        vsums_add(&s, vzero(), vmul(d, d));
      } else {
        vsums_add(&s, v, vzero());
      }
    }
  }
  vsums_flush(&s);
  return s;
}

/*
 * Returns channel c's map from the batch statistics of N rows of n floats (`stride` apart): the mean, then
 * the centred squares (two-pass, in double); records mean and invstd and updates the running statistics
 * exactly as batchnorm.c does.
 */
static norm_map batch_statistics(const ecg_batchnorm_params *bn, int64_t c, const float *x, int64_t N, int64_t n,
                                 int64_t stride) {
  int64_t count = N * n;
  float mean = (float)(row_sums(x, N, n, stride, 0.0f, false).sum_a / (double)count);
  double squares = row_sums(x, N, n, stride, mean, true).sum_b;
  double var = squares / (double)count;
  float invstd = (float)(1.0 / sqrt(var + (double)bn->eps));
  if (bn->runningMean) bn->runningMean[c] = (1.0f - bn->momentum) * bn->runningMean[c] + bn->momentum * mean;
  if (bn->runningVar) {
    double unbiased = count > 1 ? squares / (double)(count - 1) : var;
    bn->runningVar[c] = (1.0f - bn->momentum) * bn->runningVar[c] + bn->momentum * (float)unbiased;
  }
  bn->mean[c] = mean;
  bn->invstd[c] = invstd;
  return map_of(bn, c, mean, invstd);
}

/*
 * A row of act(u), with SiLU's sigmoid(u) also stored to `sig` when given (the backward's first pass). u s is
 * how ecg_act computes SiLU, so both give the same bits.
 */
ECG_INLINE void norm_act_row_as(const float *x, float *out, float *sig, int64_t n, norm_map m, ecg_activation act,
                                const float *ahead) {
  vf mean = vset1(m.mean), sc = vset1(m.scale), sh = vset1(m.shift);
  for (int64_t l = 0; l < n; l += VL) {
    int64_t r = n - l < VL ? n - l : VL;
    if (ahead) __builtin_prefetch(ahead + l);
    vf u = vfma(vsub(r == VL ? vload(x + l) : vload_n(x + l, r), mean), sc, sh), y;
    if (!sig || act != ECG_ACT_SILU) {
      y = ecg_act(u, act);
    } else {
      vf s = vsigmoid(u);
      r == VL ? vstore(sig + l, s) : vstore_n(sig + l, s, r);
      y = vmul(u, s);
    }
    if (r == VL)
      vstore(out + l, y);
    else
      vstore_n(out + l, y, r);
  }
}

/*
 * out[l] = act((x[l] - mean) * scale + shift) for l < n, keeping SiLU's sigmoid in sig when given, and
 * prefetching `ahead` (a row read or written later, or NULL) as it goes.
 */
static void norm_act_row(const float *x, float *out, float *sig, int64_t n, norm_map m, ecg_activation act,
                         const float *ahead) {
  if (act == ECG_ACT_RELU)
    norm_act_row_as(x, out, NULL, n, m, ECG_ACT_RELU, ahead);
  else if (sig)
    norm_act_row_as(x, out, sig, n, m, ECG_ACT_SILU, ahead);
  else
    norm_act_row_as(x, out, NULL, n, m, ECG_ACT_SILU, ahead);
}

ECG_INLINE void grad_row_as(const float *dy, const float *x, const float *sig, float *g, int64_t n, norm_map m,
                            ecg_activation act, vsums *sums, const float *ahead) {
  vf mean = vset1(m.mean), sc = vset1(m.scale), sh = vset1(m.shift);
  vsums acc = *sums;
  for (int64_t l = 0; l < n; l += VL) {
    int64_t r = n - l < VL ? n - l : VL;
    if (ahead) __builtin_prefetch(ahead + l);
    vf xc = vsub(r == VL ? vload(x + l) : vload_n(x + l, r), mean), u = vfma(xc, sc, sh);
    /* masked lanes: dy loads as 0, so g is 0 there and adds nothing */
    vf vdy = r == VL ? vload(dy + l) : vload_n(dy + l, r), gv;
    if (sig)
      gv = ecg_silu_grad(vdy, u, r == VL ? vload(sig + l) : vload_n(sig + l, r));
    else
      gv = ecg_act_grad(vdy, u, act);
    if (r == VL)
      vstore(g + l, gv);
    else
      vstore_n(g + l, gv, r);
    vsums_add(&acc, gv, vmul(gv, xc));
  }
  *sums = acc;
}

/*
 * g[l] = dy[l] * act'(u[l]), u = (x - mean) * scale + shift, with SiLU's sigmoid(u) from sig when given (g may
 * be sig); adds g and g (x - mean) to the sums; prefetches `ahead` (or NULL) as it goes.
 */
static void grad_row(const float *dy, const float *x, const float *sig, float *g, int64_t n, norm_map m,
                     ecg_activation act, vsums *sums, const float *ahead) {
  if (act == ECG_ACT_SILU && sig)
    grad_row_as(dy, x, sig, g, n, m, ECG_ACT_SILU, sums, ahead);
  else if (act == ECG_ACT_SILU)
    grad_row_as(dy, x, NULL, g, n, m, ECG_ACT_SILU, sums, ahead);
  else
    grad_row_as(dy, x, NULL, g, n, m, ECG_ACT_RELU, sums, ahead);
}

/* Per-thread buffers of one task (floats; tap offsets first so that they are 8-byte aligned). */
typedef struct {
  int64_t *tap;
  double *dw;      /* K weight-gradient sums */
  vf *dw_part;     /* K float-vector partials of dw */
  float *z, *g;    /* N x Lout: the conv output, the gradient of the output norm */
  float *g_in;     /* N x Lin: sigmoid(u_in) (SiLU), then the gradient of the input norm (backward with one) */
  float *row;      /* Lin: one row of act(bn_in(x)) */
  float *dx_row;   /* Lin: one row of the conv's input gradient */
  float *ph;       /* the conv input's phases: one row (forward), N rows ph_pitch apart (backward) */
  float *dph;      /* stride x phase_len: one row's input gradient in phases */
  float *dyp;      /* the conv's output gradient of one row, zero-padded (ecg_depthwise_dy_len) */
  int64_t ph_pitch;
} dn_scratch;

/* Returns the next `floats` of the scratch at *at, moving *at past them rounded up to 64 bytes. */
static float *carve(float **at, int64_t floats) {
  float *here = *at;
  *at += (floats + 15) / 16 * 16;
  return here;
}

static bool take_scratch(const ecg_depthwise_norm_params *p, const ecg_conv1d_params *cp, bool backward,
                         dn_scratch *s) {
  int64_t plen = ecg_depthwise_phase_len(cp), dlen = ecg_depthwise_dy_len(cp);
  /* (at stride 1 act(bn_in(x)) is written straight to ph + padLeft: room for all Lin) */
  int64_t phases = (p->stride * plen > p->padLeft + p->Lin ? p->stride * plen : p->padLeft + p->Lin) + VL;
  s->ph_pitch = (phases + 15) / 16 * 16;
  int64_t nz = p->N * p->Lout, nin = backward && p->has_in_norm ? p->N * p->Lin : 0;
  int64_t sizes[] = {p->K * VL, 2 * p->K, 2 * p->K, nz, backward ? nz : 0, nin, p->Lin + VL, p->Lin + VL,
                     backward ? p->N * s->ph_pitch : phases, phases, dlen};
  int64_t floats = 0;
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) floats += (sizes[i] + 15) / 16 * 16;
  float *at = ecg_scratch(ECG_SCRATCH_BLOCK, (size_t)floats);
  if (!at) return false;
  /* (the slot is 64-byte aligned and every piece starts on 64 bytes: vectors and int64 offsets) */
  s->dw_part = (vf *)carve(&at, sizes[0]);
  s->tap = (int64_t *)carve(&at, sizes[1]);
  s->dw = (double *)carve(&at, sizes[2]);
  s->z = carve(&at, sizes[3]);
  s->g = carve(&at, sizes[4]);
  s->g_in = carve(&at, sizes[5]);
  s->row = carve(&at, sizes[6]);
  s->dx_row = carve(&at, sizes[7]);
  s->ph = carve(&at, sizes[8]);
  s->dph = carve(&at, sizes[9]);
  s->dyp = carve(&at, sizes[10]);
  KFN(depthwise_tap_offsets)(cp, plen, s->tap);
  memset(s->dyp, 0, (size_t)dlen * sizeof(float));
  return true;
}

/*
 * Splits row n of channel c's conv input, act(bn_in(x_row)) (x_row itself without bn_in), into ph (the layout
 * of depthwise_fill_phases), keeping SiLU's sigmoid(u_in) in `sig` when given (the backward). At stride 1
 * the row is written in place between the zero paddings (no copy).
 */
static void fill_input_phases(const dn_job *job, const ecg_conv1d_params *cp, const dn_scratch *s, int64_t n,
                              int64_t c, norm_map in, float *sig, float *ph) {
  const ecg_depthwise_norm_params *p = job->p;
  const float *src = job->x + (n * p->C + c) * p->Lin;
  int64_t plen = ecg_depthwise_phase_len(cp), pad = p->padLeft;
  if (!p->has_in_norm) {
    prefetch_row(job->x + c * p->Lin, n + rows_ahead(p->Lin), p->N, p->Lin, p->C * p->Lin);
    KFN(depthwise_fill_phases)(src, cp, plen, ph);
    return;
  }
  const float *ahead = row_ahead(job->x + c * p->Lin, n, p->N, p->Lin, p->C * p->Lin);
  if (p->stride != 1 || pad > plen) {
    norm_act_row(src, s->row, sig, p->Lin, in, p->act, ahead);
    KFN(depthwise_fill_phases)(s->row, cp, plen, ph);
    return;
  }
  /* (positions from plen on are never read by the conv, so a row running past it needs no care) */
  memset(ph, 0, (size_t)pad * sizeof(float));
  norm_act_row(src, ph + pad, sig, p->Lin, in, p->act, ahead);
  if (pad + p->Lin < plen) memset(ph + pad + p->Lin, 0, (size_t)(plen - pad - p->Lin) * sizeof(float));
}

static void forward_task(void *ctx, int64_t begin, int64_t end) {
  const dn_job *job = ctx;
  const ecg_depthwise_norm_params *p = job->p;
  ecg_conv1d_params cp = conv_params(p);
  dn_scratch s;
  if (!take_scratch(p, &cp, false, &s)) return;
  for (int64_t c = begin; c < end; c++) {
    const float *xc = job->x + c * p->Lin;
    norm_map in = {0};
    if (p->has_in_norm) in = batch_statistics(&p->in_norm, c, xc, p->N, p->Lin, p->C * p->Lin);
    for (int64_t n = 0; n < p->N; n++) {
      fill_input_phases(job, &cp, &s, n, c, in, NULL, s.ph);
      KFN(depthwise_row_phases)(s.ph, s.tap, job->w + c * p->K, 0.0f, s.z + n * p->Lout, &cp);
    }
    norm_map out = batch_statistics(&p->out_norm, c, s.z, p->N, p->Lout, p->Lout);
    for (int64_t n = 0; n < p->N; n++) {
      float *y = job->y + (n * p->C + c) * p->Lout;
      norm_act_row(s.z + n * p->Lout, y, NULL, p->Lout, out, p->act,
                   row_ahead(job->y + c * p->Lout, n, p->N, p->Lout, p->C * p->Lout));
    }
  }
}

/*
 * The backward of one channel: recompute the conv input (kept for all N rows in phase layout, with SiLU's
 * sigmoid(u_in)) and z (the conv output); g = dy act'(u_out) and its two sums give the output norm's
 * gradients and dz (= the plain batch-norm input gradient of g); then per row the conv's weight gradient (dz
 * against the kept conv input) and its input gradient, which is dx without an input norm, or goes through
 * act'(u_in) and the input norm's backward in a last pass. NOTE: keeping the conv input costs N x Lin floats
 * of scratch (384 KB at 64 x 1500; about 1.2 MB in all with z, g and sigmoid(u_in), inside a 2 MB L2) and
 * saves the second pass recomputing act(bn_in(x)) and its phases (8% of the backward over the model's
 * shapes at L = 3000, native/README.md).
 */
static void backward_task(void *ctx, int64_t begin, int64_t end) {
  const dn_job *job = ctx;
  const ecg_depthwise_norm_params *p = job->p;
  const ecg_batchnorm_params *bi = &p->in_norm, *bo = &p->out_norm;
  ecg_conv1d_params cp = conv_params(p);
  dn_scratch s;
  if (!take_scratch(p, &cp, true, &s)) return;
  int64_t N = p->N, C = p->C, Lin = p->Lin, Lout = p->Lout, K = p->K, lead = ecg_depthwise_dy_lead(&cp);
  /* at stride 1 the conv's input gradient is read from its phase buffer in place when that covers the row */
  bool direct = p->stride == 1 && p->padLeft + Lin <= ecg_depthwise_phase_len(&cp);
  for (int64_t c = begin; c < end; c++) {
    const float *xc = job->x + c * Lin, *wc = job->w + c * K;
    norm_map in = p->has_in_norm ? map_of(bi, c, bi->mean[c], bi->invstd[c]) : (norm_map){0};
    norm_map out = map_of(bo, c, bo->mean[c], bo->invstd[c]);
    vsums out_sums = vsums_zero;
    for (int64_t n = 0; n < N; n++) {
      float *ph = s.ph + n * s.ph_pitch;
      fill_input_phases(job, &cp, &s, n, c, in, p->has_in_norm ? s.g_in + n * Lin : NULL, ph);
      KFN(depthwise_row_phases)(ph, s.tap, wc, 0.0f, s.z + n * Lout, &cp);
      grad_row(job->dy + (n * C + c) * Lout, s.z + n * Lout, NULL, s.g + n * Lout, Lout, out, p->act,
               &out_sums, row_ahead(job->dy + c * Lout, n, N, Lout, C * Lout));
    }
    vsums_flush(&out_sums);
    double sum_g = out_sums.sum_a, sum_gz = out_sums.sum_b;
    /* the output norm: dgamma = sum g zhat, dbeta = sum g; dz = scale (g - mean(g) - zhat mean(g zhat)) */
    if (job->dgamma_out) job->dgamma_out[c] += (float)(sum_gz * out.invstd);
    if (job->dbeta_out) job->dbeta_out[c] += (float)sum_g;
    double count = (double)(N * Lout);
    float mean_g = (float)(sum_g / count), proj = (float)(sum_gz / count * out.invstd * out.invstd);
    for (int64_t k = 0; k < K; k++) s.dw[k] = 0.0, s.dw_part[k] = vzero();
    int64_t rows_per_flush = ecg_depthwise_tap_rows_per_flush(&cp), pending = 0;
    vsums in_sums = vsums_zero;
    for (int64_t n = 0; n < N; n++) {
      float *dz = s.dyp + lead;
      bn_input_gradient_row(s.g + n * Lout, s.z + n * Lout, dz, Lout, out.scale, mean_g, proj, out.mean, false, NULL);
      KFN(depthwise_tap_dots)(dz, s.ph + n * s.ph_pitch, s.tap, &cp, s.dw_part, s.dw);
      if (++pending == rows_per_flush || n == N - 1) {
        for (int64_t k = 0; k < K; k++) s.dw[k] += (double)vhsum(s.dw_part[k]), s.dw_part[k] = vzero();
        pending = 0;
      }
      float *dx_row = job->dx + (n * C + c) * Lin;
      if (!p->has_in_norm) prefetch_row(job->dx + c * Lin, n + rows_ahead(Lin), N, Lin, C * Lin);
      if (!p->has_in_norm) {
        KFN(depthwise_input_grad_row)(s.dyp, wc, &cp, s.dph, dx_row, job->accumulate);
        continue;
      }
      const float *de = s.dx_row;
      if (direct) {
        KFN(depthwise_input_grad_phases)(s.dyp, wc, &cp, s.dph);
        de = s.dph + p->padLeft;
      } else {
        KFN(depthwise_input_grad_row)(s.dyp, wc, &cp, s.dph, s.dx_row, false);
      }
      float *g_in = s.g_in + n * Lin;
      grad_row(de, xc + n * C * Lin, p->act == ECG_ACT_SILU ? g_in : NULL, g_in, Lin, in, p->act, &in_sums, NULL);
    }
    if (job->dw)
      for (int64_t k = 0; k < K; k++) job->dw[c * K + k] += (float)s.dw[k];
    if (!p->has_in_norm) continue;
    vsums_flush(&in_sums);
    double sum_g_in = in_sums.sum_a, sum_gx_in = in_sums.sum_b;
    if (job->dgamma_in) job->dgamma_in[c] += (float)(sum_gx_in * in.invstd);
    if (job->dbeta_in) job->dbeta_in[c] += (float)sum_g_in;
    double count_in = (double)(N * Lin);
    float mean_g_in = (float)(sum_g_in / count_in);
    float proj_in = (float)(sum_gx_in / count_in * in.invstd * in.invstd);
    for (int64_t n = 0; n < N; n++) {
      const float *x_row = xc + n * C * Lin;
      float *dx_row = job->dx + (n * C + c) * Lin;
      const float *ahead = row_ahead(job->dx + c * Lin, n, N, Lin, C * Lin);
      if (job->accumulate)
        bn_input_gradient_row(s.g_in + n * Lin, x_row, dx_row, Lin, in.scale, mean_g_in, proj_in, in.mean, true,
                              ahead);
      else
        bn_input_gradient_row(s.g_in + n * Lin, x_row, dx_row, Lin, in.scale, mean_g_in, proj_in, in.mean, false,
                              ahead);
    }
  }
}

void KFN(depthwise_norm_act)(const float *x, const float *w, float *y, const ecg_depthwise_norm_params *p) {
  dn_job job = {.x = x, .w = w, .y = y, .p = p};
  ecg_parallel_for(p->C, ecg_conv_grain(p->N * p->Lin * p->K), forward_task, &job);
}

void KFN(depthwise_norm_act_backward)(const float *dy, const float *x, const float *w, float *dx, float *dw,
                                      float *dgamma_in, float *dbeta_in, float *dgamma_out, float *dbeta_out,
                                      const ecg_depthwise_norm_params *p, bool accumulate) {
  dn_job job = {.dy = dy, .x = x, .w = w, .dx = dx, .dw = dw, .dgamma_in = dgamma_in, .dbeta_in = dbeta_in,
                .dgamma_out = dgamma_out, .dbeta_out = dbeta_out, .p = p, .accumulate = accumulate};
  ecg_parallel_for(p->C, ecg_conv_grain(p->N * p->Lin * p->K), backward_task, &job);
}
