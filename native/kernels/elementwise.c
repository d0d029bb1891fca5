/* Elementwise kernels: unary maps and their gradients, broadcasting binary ops, affine, axpy. */
#include <math.h>
#include <string.h>

#include "../runtime/pool.h"
#include "internal.h"

/* Elements per thread below which a map is not worth splitting. */
#define MAP_GRAIN 32768

/* Applies EXPR (in terms of the vector `v`) to n floats of IN into OUT, with a masked tail. */
#define VMAP(IN, OUT, n, EXPR)                           \
  do {                                                   \
    int64_t i_ = 0;                                      \
    for (; i_ + VL <= (n); i_ += VL) {                   \
      vf v = vload((IN) + i_);                           \
      vstore((OUT) + i_, (EXPR));                        \
    }                                                    \
    if (i_ < (n)) {                                      \
      vf v = vload_n((IN) + i_, (n) - i_);               \
      vstore_n((OUT) + i_, (EXPR), (n) - i_);            \
    }                                                    \
  } while (0)

static inline float gelu_scalar(float x) { return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f)); }

static void unary_range(ecg_unary_op op, const float *x, float *out, int64_t n) {
  switch (op) {
    case ECG_UNARY_NEG:
      VMAP(x, out, n, vsub(vzero(), v));
      return;
    case ECG_UNARY_EXP:
      VMAP(x, out, n, vexp(v));
      return;
    case ECG_UNARY_LOG:
      for (int64_t i = 0; i < n; i++) out[i] = logf(x[i]);
      return;
    case ECG_UNARY_SQRT:
      VMAP(x, out, n, vsqrt(v));
      return;
    case ECG_UNARY_ABS:
      VMAP(x, out, n, vabs(v));
      return;
    case ECG_UNARY_RELU:
      /* NOTE: relu(NaN) = NaN, as x > 0 ? x : 0 would silently hide it. */
      VMAP(x, out, n, vkeep_nan(v, vselect_gt(v, vzero(), v, vzero())));
      return;
    case ECG_UNARY_SILU:
      VMAP(x, out, n, vmul(v, vsigmoid(v)));
      return;
    case ECG_UNARY_GELU:
      for (int64_t i = 0; i < n; i++) out[i] = gelu_scalar(x[i]);
      return;
    case ECG_UNARY_SIGMOID:
      VMAP(x, out, n, vsigmoid(v));
      return;
    case ECG_UNARY_TANH:
      VMAP(x, out, n, vtanh(v));
      return;
    default:
      return;
  }
}

typedef struct {
  ecg_unary_op op;
  const float *x, *y, *dy;
  float *out;
  bool accumulate;
} unary_job;

static void unary_task(void *ctx, int64_t begin, int64_t end) {
  const unary_job *job = ctx;
  unary_range(job->op, job->x + begin, job->out + begin, end - begin);
}

void KFN(unary)(ecg_unary_op op, const float *x, float *out, int64_t n) {
  unary_job job = {.op = op, .x = x, .out = out};
  ecg_parallel_for(n, MAP_GRAIN, unary_task, &job);
}

/* d/dx of each unary op times dy (x is the input, y the forward output). */
static inline float unary_grad_scalar(ecg_unary_op op, float x, float y, float dy) {
  switch (op) {
    case ECG_UNARY_NEG:
      return -dy;
    case ECG_UNARY_EXP:
      return dy * y;
    case ECG_UNARY_LOG:
      return dy / x;
    case ECG_UNARY_SQRT:
      return dy / (2.0f * y);
    case ECG_UNARY_ABS:
      return x > 0.0f ? dy : x < 0.0f ? -dy : 0.0f;
    case ECG_UNARY_RELU:
      return x > 0.0f ? dy : 0.0f;
    case ECG_UNARY_SILU: {
      float s = 1.0f / (1.0f + expf(-x));
      return dy * s * (1.0f + x * (1.0f - s));
    }
    case ECG_UNARY_GELU: {
      float cdf = 0.5f * (1.0f + erff(x * 0.70710678118654752f));
      float pdf = expf(-0.5f * x * x) * 0.39894228040143268f;
      return dy * (cdf + x * pdf);
    }
    case ECG_UNARY_SIGMOID:
      return dy * y * (1.0f - y);
    case ECG_UNARY_TANH:
      return dy * (1.0f - y * y);
    default:
      return 0.0f;
  }
}

static void unary_backward_range(ecg_unary_op op, const float *x, const float *y, const float *dy, float *dx,
                                 int64_t n, bool accumulate) {
  int64_t i = 0;
  /* Vector fast paths for the activations the models use; the rest run the scalar formula. */
  if (op == ECG_UNARY_SILU || op == ECG_UNARY_SIGMOID || op == ECG_UNARY_TANH || op == ECG_UNARY_RELU) {
    for (; i < n; i += VL) {
      int64_t m = n - i < VL ? n - i : VL;
      vf vx = vzero(), vy = vzero(), g;
      vf vdy = m == VL ? vload(dy + i) : vload_n(dy + i, m);
      if (op == ECG_UNARY_SILU || op == ECG_UNARY_RELU) vx = m == VL ? vload(x + i) : vload_n(x + i, m);
      if (op == ECG_UNARY_SIGMOID || op == ECG_UNARY_TANH) vy = m == VL ? vload(y + i) : vload_n(y + i, m);
      if (op == ECG_UNARY_SILU) {
        vf s = vsigmoid(vx);
        g = vmul(vmul(vdy, s), vfma(vx, vsub(vset1(1.0f), s), vset1(1.0f)));
      } else if (op == ECG_UNARY_SIGMOID) {
        g = vmul(vmul(vdy, vy), vsub(vset1(1.0f), vy));
      } else if (op == ECG_UNARY_TANH) {
        g = vmul(vdy, vsub(vset1(1.0f), vmul(vy, vy)));
      } else {
        g = vselect_gt(vx, vzero(), vdy, vzero());
      }
      if (accumulate) g = vadd(m == VL ? vload(dx + i) : vload_n(dx + i, m), g);
      if (m == VL)
        vstore(dx + i, g);
      else
        vstore_n(dx + i, g, m);
    }
    return;
  }
  for (; i < n; i++) {
    float g = unary_grad_scalar(op, x ? x[i] : 0.0f, y ? y[i] : 0.0f, dy[i]);
    dx[i] = accumulate ? dx[i] + g : g;
  }
}

static void unary_backward_task(void *ctx, int64_t begin, int64_t end) {
  const unary_job *job = ctx;
  unary_backward_range(job->op, job->x ? job->x + begin : NULL, job->y ? job->y + begin : NULL, job->dy + begin,
                       job->out + begin, end - begin, job->accumulate);
}

void KFN(unary_backward)(ecg_unary_op op, const float *x, const float *y, const float *dy, float *dx,
                                int64_t n, bool accumulate) {
  unary_job job = {.op = op, .x = x, .y = y, .dy = dy, .out = dx, .accumulate = accumulate};
  ecg_parallel_for(n, MAP_GRAIN, unary_backward_task, &job);
}

/* ---- broadcasting binary ops ------------------------------------------------------------------ */

static inline vf binary_vec(ecg_binary_op op, vf a, vf b) {
  switch (op) {
    case ECG_BINARY_ADD:
      return vadd(a, b);
    case ECG_BINARY_SUB:
      return vsub(a, b);
    case ECG_BINARY_MUL:
      return vmul(a, b);
    case ECG_BINARY_DIV:
      return vdiv(a, b);
    case ECG_BINARY_MAX:
      return vmax_nan(a, b);
    default:
      return vmin_nan(a, b);
  }
}

/* One output row: out[i] = a[i * sa] op b[i * sb] for i < n, with vector paths for strides 0 and 1. */
ECG_INLINE void binary_row_op(const ecg_binary_op op, const float *a, int64_t sa, const float *b, int64_t sb,
                              float *out, int64_t n) {
  int64_t i = 0;
  if ((sa == 1 || sa == 0) && (sb == 1 || sb == 0)) {
    vf va = vset1(a[0]), vb = vset1(b[0]);
    for (; i + VL <= n; i += VL) {
      vf x = sa ? vload(a + i) : va;
      vf y = sb ? vload(b + i) : vb;
      vstore(out + i, binary_vec(op, x, y));
    }
    if (i < n) {
      vf x = sa ? vload_n(a + i, n - i) : va;
      vf y = sb ? vload_n(b + i, n - i) : vb;
      vstore_n(out + i, binary_vec(op, x, y), n - i);
    }
    return;
  }
  for (; i < n; i++) {
    float x = a[i * sa], y = b[i * sb];
    switch (op) {
      case ECG_BINARY_ADD:
        out[i] = x + y;
        break;
      case ECG_BINARY_SUB:
        out[i] = x - y;
        break;
      case ECG_BINARY_MUL:
        out[i] = x * y;
        break;
      case ECG_BINARY_DIV:
        out[i] = x / y;
        break;
      case ECG_BINARY_MAX:
        out[i] = (x != x || x > y) ? x : y;
        break;
      default:
        out[i] = (x != x || x < y) ? x : y;
        break;
    }
  }
}

static void binary_row(ecg_binary_op op, const float *a, int64_t sa, const float *b, int64_t sb, float *out,
                       int64_t n) {
  switch (op) {
    case ECG_BINARY_ADD:
      binary_row_op(ECG_BINARY_ADD, a, sa, b, sb, out, n);
      return;
    case ECG_BINARY_SUB:
      binary_row_op(ECG_BINARY_SUB, a, sa, b, sb, out, n);
      return;
    case ECG_BINARY_MUL:
      binary_row_op(ECG_BINARY_MUL, a, sa, b, sb, out, n);
      return;
    case ECG_BINARY_DIV:
      binary_row_op(ECG_BINARY_DIV, a, sa, b, sb, out, n);
      return;
    case ECG_BINARY_MAX:
      binary_row_op(ECG_BINARY_MAX, a, sa, b, sb, out, n);
      return;
    default:
      binary_row_op(ECG_BINARY_MIN, a, sa, b, sb, out, n);
      return;
  }
}

typedef struct {
  ecg_binary_op op;
  const float *a, *b;
  float *out;
  int rank; /* collapsed rank; the last axis is the row */
  int64_t shape[ECG_MAX_RANK], as[ECG_MAX_RANK], bs[ECG_MAX_RANK];
} binary_job;

static void binary_task(void *ctx, int64_t begin, int64_t end) {
  const binary_job *job = ctx;
  int last = job->rank - 1;
  int64_t n = job->shape[last];
  for (int64_t row = begin; row < end; row++) {
    int64_t rest = row, ao = 0, bo = 0;
    for (int d = last - 1; d >= 0; d--) {
      int64_t idx = rest % job->shape[d];
      rest /= job->shape[d];
      ao += idx * job->as[d];
      bo += idx * job->bs[d];
    }
    binary_row(job->op, job->a + ao, job->as[last], job->b + bo, job->bs[last], job->out + row * n, n);
  }
}

void KFN(binary)(ecg_binary_op op, const float *a, const int64_t *a_strides, const float *b,
                        const int64_t *b_strides, float *out, const int64_t *shape, int rank) {
  binary_job job = {.op = op, .a = a, .b = b, .out = out, .rank = 0};
  /* Collapse: drop size-1 axes, then merge an axis into the next one whenever both inputs step through
   * them as one contiguous run (the output is dense, so it always can). */
  for (int d = 0; d < rank; d++) {
    if (shape[d] == 0) return;
    if (shape[d] == 1) continue;
    int r = job.rank;
    if (r > 0 && job.as[r - 1] == a_strides[d] * shape[d] && job.bs[r - 1] == b_strides[d] * shape[d]) {
      job.shape[r - 1] *= shape[d];
      job.as[r - 1] = a_strides[d];
      job.bs[r - 1] = b_strides[d];
    } else {
      job.shape[r] = shape[d];
      job.as[r] = a_strides[d];
      job.bs[r] = b_strides[d];
      job.rank++;
    }
  }
  if (job.rank == 0) {
    job.rank = 1;
    job.shape[0] = 1;
    job.as[0] = job.bs[0] = 0;
  }
  int64_t rows = 1;
  for (int d = 0; d < job.rank - 1; d++) rows *= job.shape[d];
  int64_t n = job.shape[job.rank - 1];
  ecg_parallel_for(rows, (MAP_GRAIN + n - 1) / n, binary_task, &job);
}

/* ---- affine and axpy -------------------------------------------------------------------------- */

typedef struct {
  const float *x;
  float *out;
  float alpha, beta;
} affine_job;

static void affine_task(void *ctx, int64_t begin, int64_t end) {
  const affine_job *job = ctx;
  vf va = vset1(job->alpha), vb = vset1(job->beta);
  VMAP(job->x + begin, job->out + begin, end - begin, vfma(v, va, vb));
}

void KFN(affine)(const float *x, float alpha, float beta, float *out, int64_t n) {
  affine_job job = {.x = x, .out = out, .alpha = alpha, .beta = beta};
  ecg_parallel_for(n, MAP_GRAIN, affine_task, &job);
}

static void axpy_task(void *ctx, int64_t begin, int64_t end) {
  const affine_job *job = ctx;
  vf va = vset1(job->alpha);
  const float *x = job->x + begin;
  float *y = job->out + begin;
  int64_t n = end - begin, i = 0;
  for (; i + VL <= n; i += VL) vstore(y + i, vfma(va, vload(x + i), vload(y + i)));
  if (i < n) vstore_n(y + i, vfma(va, vload_n(x + i, n - i), vload_n(y + i, n - i)), n - i);
}

void KFN(axpy)(float alpha, const float *x, float *y, int64_t n) {
  affine_job job = {.x = x, .out = y, .alpha = alpha};
  ecg_parallel_for(n, MAP_GRAIN, axpy_task, &job);
}
