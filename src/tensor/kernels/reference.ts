/**
 * The reference kernels: plain TypeScript loops over Float32Array or Float64Array, the living definition of
 * every kernel in kernels.ts, the oracle of the native parity tests, and the fallback backend. Accumulations
 * (sums, dot products, conv rows) run in float64 so that the oracle is at least as accurate as any backend.
 * The loops live in reference/*.ts by family; this file assembles them into one kernels object.
 */
import type { EngineKernels } from "./kernels.js";
import {
  conv1d,
  conv1dBackwardInput,
  conv1dBackwardWeight,
  pool1d,
  pool1dBackward,
} from "./reference/conv.js";
import { depthwiseNormAct, depthwiseNormActBackward } from "./reference/depthwise-norm.js";
import {
  affine,
  axpy,
  binary,
  clamp,
  clampBackward,
  maskedFill,
  pow,
  powBackward,
  unary,
  unaryBackward,
} from "./reference/elementwise.js";
import {
  batchNormAct,
  batchNormActBackward,
  conv1dAct,
  conv1dGated,
  conv1dGatedBackwardWeight,
  mbconvForward,
  rowScaleBackward,
} from "./reference/fused.js";
import { gemm } from "./reference/gemm.js";
import { copyStrided, gatherRows, reduce, scatterAddRows } from "./reference/movement.js";
import {
  batchNorm,
  batchNormBackward,
  layerNorm,
  layerNormBackward,
  softmax,
  softmaxBackward,
} from "./reference/norm.js";
import { adamwStep } from "./reference/optim.js";
import { lstmBackward, lstmForward } from "./reference/recurrent.js";

/** The reference kernel set, fused kernels included (single-threaded; setThreads always reports 1). */
export const referenceKernels: EngineKernels = {
  name: "reference",
  setThreads: () => 1,
  unary,
  unaryBackward,
  binary,
  affine,
  axpy,
  reduce,
  copyStrided,
  gatherRows,
  scatterAddRows,
  gemm,
  conv1d,
  conv1dBackwardInput,
  conv1dBackwardWeight,
  pool1d,
  pool1dBackward,
  batchNorm,
  batchNormBackward,
  layerNorm,
  layerNormBackward,
  softmax,
  softmaxBackward,
  pow,
  powBackward,
  clamp,
  clampBackward,
  maskedFill,
  adamwStep,
  batchNormAct,
  batchNormActBackward,
  conv1dAct,
  conv1dGated,
  conv1dGatedBackwardWeight,
  rowScaleBackward,
  lstmForward,
  lstmBackward,
  mbconvForward,
  depthwiseNormAct,
  depthwiseNormActBackward,
};
