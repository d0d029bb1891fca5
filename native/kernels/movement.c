/* Data movement: n-d strided copy (permute, slice, concat, pad and their gradients), row gather/scatter. */
#include <string.h>

#include "../runtime/pool.h"
#include "internal.h"

#define COPY_GRAIN 32768

typedef struct {
  const float *src;
  float *dst;
  bool accumulate;
  int rank; /* collapsed; the last axis is the row */
  int64_t shape[ECG_MAX_RANK], ss[ECG_MAX_RANK], ds[ECG_MAX_RANK];
} copy_job;

static void copy_row(const float *src, int64_t ss, float *dst, int64_t ds, int64_t n, bool accumulate) {
  if (ss == 1 && ds == 1) {
    if (!accumulate) {
      memmove(dst, src, (size_t)n * sizeof(float));
      return;
    }
    int64_t i = 0;
    for (; i + VL <= n; i += VL) vstore(dst + i, vadd(vload(dst + i), vload(src + i)));
    if (i < n) vstore_n(dst + i, vadd(vload_n(dst + i, n - i), vload_n(src + i, n - i)), n - i);
    return;
  }
  if (ss == 0 && ds == 1) {
    /* a broadcast row (an expand, or the gradient of a mean over the row) */
    vf v = vset1(src[0]);
    int64_t i = 0;
    for (; i + VL <= n; i += VL) vstore(dst + i, accumulate ? vadd(vload(dst + i), v) : v);
    if (i < n) vstore_n(dst + i, accumulate ? vadd(vload_n(dst + i, n - i), v) : v, n - i);
    return;
  }
  if (accumulate)
    for (int64_t i = 0; i < n; i++) dst[i * ds] += src[i * ss];
  else
    for (int64_t i = 0; i < n; i++) dst[i * ds] = src[i * ss];
}

static void copy_task(void *ctx, int64_t begin, int64_t end) {
  const copy_job *job = ctx;
  int last = job->rank - 1;
  for (int64_t row = begin; row < end; row++) {
    int64_t rest = row, so = 0, dof = 0;
    for (int d = last - 1; d >= 0; d--) {
      int64_t idx = rest % job->shape[d];
      rest /= job->shape[d];
      so += idx * job->ss[d];
      dof += idx * job->ds[d];
    }
    copy_row(job->src + so, job->ss[last], job->dst + dof, job->ds[last], job->shape[last], job->accumulate);
  }
}

static int64_t rows_of(const copy_job *job) {
  int64_t rows = 1;
  for (int d = 0; d < job->rank - 1; d++) rows *= job->shape[d];
  return rows;
}

/* True when two different indices may write the same destination element. */
static bool dst_overlaps(const copy_job *job) {
  int64_t stride[ECG_MAX_RANK], extent[ECG_MAX_RANK];
  int r = job->rank;
  for (int d = 0; d < r; d++) {
    stride[d] = job->ds[d] < 0 ? -job->ds[d] : job->ds[d];
    extent[d] = job->shape[d];
  }
  /* Sort axes by stride (insertion sort: rank <= 16), then each stride must clear the span below it. */
  for (int i = 1; i < r; i++)
    for (int j = i; j > 0 && stride[j - 1] > stride[j]; j--) {
      int64_t t = stride[j], e = extent[j];
      stride[j] = stride[j - 1], extent[j] = extent[j - 1];
      stride[j - 1] = t, extent[j - 1] = e;
    }
  int64_t span = 1;
  for (int d = 0; d < r; d++) {
    if (stride[d] < span) return true;
    span = stride[d] * (extent[d] - 1) + span;
  }
  return false;
}

void KFN(copy_strided)(const float *src, const int64_t *src_strides, float *dst, const int64_t *dst_strides,
                       const int64_t *shape, int rank, bool accumulate) {
  copy_job job = {.src = src, .dst = dst, .accumulate = accumulate, .rank = 0};
  for (int d = 0; d < rank; d++) {
    if (shape[d] == 0) return;
    if (shape[d] == 1) continue;
    int r = job.rank;
    if (r > 0 && job.ss[r - 1] == src_strides[d] * shape[d] && job.ds[r - 1] == dst_strides[d] * shape[d]) {
      job.shape[r - 1] *= shape[d];
      job.ss[r - 1] = src_strides[d];
      job.ds[r - 1] = dst_strides[d];
    } else {
      job.shape[r] = shape[d];
      job.ss[r] = src_strides[d];
      job.ds[r] = dst_strides[d];
      job.rank++;
    }
  }
  if (job.rank == 0) {
    job.rank = 1;
    job.shape[0] = 1;
    job.ss[0] = job.ds[0] = 0;
  }
  int last = job.rank - 1;
  if (dst_overlaps(&job)) {
    /* Overlapping destinations (a broadcast gradient summed through stride 0): serial, in index order. */
    copy_task(&job, 0, rows_of(&job));
    return;
  }
  /* A transpose with strided destination rows runs faster with the unit-stride destination axis as the
   * row, so that the writes are contiguous. */
  if (job.rank >= 2 && job.ds[last] != 1) {
    for (int d = 0; d < last; d++) {
      if (job.ds[d] == 1) {
        int64_t t;
        t = job.shape[d], job.shape[d] = job.shape[last], job.shape[last] = t;
        t = job.ss[d], job.ss[d] = job.ss[last], job.ss[last] = t;
        t = job.ds[d], job.ds[d] = job.ds[last], job.ds[last] = t;
        break;
      }
    }
  }
  int64_t n = job.shape[last];
  ecg_parallel_for(rows_of(&job), (COPY_GRAIN + n - 1) / n, copy_task, &job);
}

void KFN(gather_rows)(const float *table, int64_t dim, const int32_t *index, int64_t rows, float *out) {
  for (int64_t r = 0; r < rows; r++) memcpy(out + r * dim, table + (int64_t)index[r] * dim, (size_t)dim * sizeof(float));
}

void KFN(scatter_add_rows)(const float *src, int64_t dim, const int32_t *index, int64_t rows, float *table) {
  for (int64_t r = 0; r < rows; r++) {
    float *t = table + (int64_t)index[r] * dim;
    const float *s = src + r * dim;
    int64_t i = 0;
    for (; i + VL <= dim; i += VL) vstore(t + i, vadd(vload(t + i), vload(s + i)));
    if (i < dim) vstore_n(t + i, vadd(vload_n(t + i, dim - i), vload_n(s + i, dim - i)), dim - i);
  }
}
