/** Reference normalisation kernels: batch norm, layer norm, softmax and log-softmax, with their backward. */
import type { BatchNormParams, Buf } from "../kernels.js";

/**
 * Batch norm over (N, C, L) per channel. Training: two-pass mean and biased variance in float64, saved as
 * mean and invstd, and running stats updated with the unbiased variance (PyTorch). Eval: running stats.
 */
export function batchNorm(x: Buf, y: Buf, p: BatchNormParams): void {
  const { N, C, L, eps, momentum, training, gamma, beta, runningMean, runningVar, mean, invstd } = p;
  const count = N * L;
  for (let c = 0; c < C; c++) {
    let m: number;
    let v: number;
    if (training) {
      let sum = 0;
      for (let n = 0; n < N; n++) for (let l = 0, row = (n * C + c) * L; l < L; l++) sum += x[row + l];
      m = sum / count;
      let squares = 0;
      for (let n = 0; n < N; n++) {
        for (let l = 0, row = (n * C + c) * L; l < L; l++) squares += (x[row + l] - m) ** 2;
      }
      v = squares / count;
      if (runningMean) runningMean[c] = (1 - momentum) * runningMean[c] + momentum * m;
      if (runningVar) {
        const unbiased = count > 1 ? (v * count) / (count - 1) : v;
        runningVar[c] = (1 - momentum) * runningVar[c] + momentum * unbiased;
      }
    } else {
      m = runningMean![c];
      v = runningVar![c];
    }
    const s = 1 / Math.sqrt(v + eps);
    mean[c] = m;
    invstd[c] = s;
    const scale = gamma ? gamma[c] * s : s;
    const shift = beta ? beta[c] : 0;
    for (let n = 0; n < N; n++) {
      for (let l = 0, row = (n * C + c) * L; l < L; l++) y[row + l] = (x[row + l] - m) * scale + shift;
    }
  }
}

/**
 * Batch norm backward given the saved mean and invstd. With xhat = (x - mean) * invstd, training:
 * dx = gamma * invstd / M * (M * dy - sum(dy) - xhat * sum(dy * xhat)), M = N * L; eval: dx = dy * gamma *
 * invstd. dgamma += sum(dy * xhat), dbeta += sum(dy) (always accumulated).
 */
export function batchNormBackward(
  dy: Buf,
  x: Buf,
  dx: Buf,
  dgamma: Buf | null,
  dbeta: Buf | null,
  p: BatchNormParams,
  accumulate: boolean,
): void {
  const { N, C, L, training, gamma, mean, invstd } = p;
  const count = N * L;
  for (let c = 0; c < C; c++) {
    const m = mean[c];
    const s = invstd[c];
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let n = 0; n < N; n++) {
      for (let l = 0, row = (n * C + c) * L; l < L; l++) {
        sumDy += dy[row + l];
        sumDyXhat += dy[row + l] * (x[row + l] - m) * s;
      }
    }
    if (dgamma) dgamma[c] += sumDyXhat;
    if (dbeta) dbeta[c] += sumDy;
    const g = gamma ? gamma[c] : 1;
    for (let n = 0; n < N; n++) {
      for (let l = 0, row = (n * C + c) * L; l < L; l++) {
        const i = row + l;
        const d = training
          ? ((g * s) / count) * (count * dy[i] - sumDy - (x[i] - m) * s * sumDyXhat)
          : dy[i] * g * s;
        dx[i] = accumulate ? dx[i] + d : d;
      }
    }
  }
}

/** Layer norm over the last axis of (rows, dim); saves the per-row mean and rstd = 1/sqrt(var + eps). */
export function layerNorm(
  x: Buf,
  rows: number,
  dim: number,
  gamma: Buf | null,
  beta: Buf | null,
  eps: number,
  y: Buf,
  mean: Buf,
  rstd: Buf,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += x[base + j];
    const m = sum / dim;
    let squares = 0;
    for (let j = 0; j < dim; j++) squares += (x[base + j] - m) ** 2;
    const s = 1 / Math.sqrt(squares / dim + eps);
    mean[r] = m;
    rstd[r] = s;
    for (let j = 0; j < dim; j++) {
      const xhat = (x[base + j] - m) * s;
      y[base + j] = (gamma ? xhat * gamma[j] : xhat) + (beta ? beta[j] : 0);
    }
  }
}

/**
 * Layer norm backward: with g = dy * gamma and xhat = (x - mean) * rstd,
 * dx = rstd * (g - mean(g) - xhat * mean(g * xhat)); dgamma += sum_rows dy * xhat; dbeta += sum_rows dy.
 */
export function layerNormBackward(
  dy: Buf,
  x: Buf,
  rows: number,
  dim: number,
  gamma: Buf | null,
  mean: Buf,
  rstd: Buf,
  dx: Buf,
  dgamma: Buf | null,
  dbeta: Buf | null,
  accumulate: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    const m = mean[r];
    const s = rstd[r];
    let sumG = 0;
    let sumGXhat = 0;
    for (let j = 0; j < dim; j++) {
      const g = gamma ? dy[base + j] * gamma[j] : dy[base + j];
      const xhat = (x[base + j] - m) * s;
      sumG += g;
      sumGXhat += g * xhat;
      if (dgamma) dgamma[j] += dy[base + j] * xhat;
      if (dbeta) dbeta[j] += dy[base + j];
    }
    for (let j = 0; j < dim; j++) {
      const g = gamma ? dy[base + j] * gamma[j] : dy[base + j];
      const xhat = (x[base + j] - m) * s;
      const d = s * (g - sumG / dim - (xhat * sumGXhat) / dim);
      dx[base + j] = accumulate ? dx[base + j] + d : d;
    }
  }
}

/** Softmax (or log-softmax) over the last axis of (rows, dim), max-subtracted. */
export function softmax(x: Buf, rows: number, dim: number, y: Buf, log: boolean): void {
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    let max = -Infinity;
    for (let j = 0; j < dim; j++) if (x[base + j] > max) max = x[base + j];
    if (max === -Infinity) max = 0; // an all -Infinity row: keep exp finite, softmax gives NaN like PyTorch
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += Math.exp(x[base + j] - max);
    if (log) {
      const logSum = Math.log(sum);
      for (let j = 0; j < dim; j++) y[base + j] = x[base + j] - max - logSum;
    } else {
      for (let j = 0; j < dim; j++) y[base + j] = Math.exp(x[base + j] - max) / sum;
    }
  }
}

/**
 * Softmax backward given the output y: dx = y * (dy - sum(dy * y)); log-softmax: dx = dy - exp(y) *
 * sum(dy).
 */
export function softmaxBackward(
  dy: Buf,
  y: Buf,
  rows: number,
  dim: number,
  dx: Buf,
  log: boolean,
  accumulate: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += log ? dy[base + j] : dy[base + j] * y[base + j];
    for (let j = 0; j < dim; j++) {
      const i = base + j;
      const d = log ? dy[i] - Math.exp(y[i]) * sum : y[i] * (dy[i] - sum);
      dx[i] = accumulate ? dx[i] + d : d;
    }
  }
}
