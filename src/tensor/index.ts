/**
 * The tensor engine's public API: Tensor (with autograd), the functional ops as `F`, scopes and memory,
 * seeded randomness, backend selection, and gradcheck.
 */

export {
  type BackendInfo,
  type BackendRequest,
  backendInfo,
  kernelsFor,
  setBackend,
  setNumThreads,
} from "./backend.js";
export { BackendError, ShapeError, TensorError } from "./errors.js";
export * as F from "./functional.js";
export {
  type GradcheckMismatch,
  type GradcheckOptions,
  type GradcheckResult,
  gradcheck,
} from "./gradcheck.js";
export type {
  BatchNormParams,
  BinaryOp,
  Buf,
  Conv1dParams,
  ConvActivation,
  EngineKernels,
  ExtraKernels,
  Kernels,
  MBConvParams,
  Pool1dParams,
  ReduceOp,
  UnaryOp,
} from "./kernels/kernels.js";
export { referenceKernels } from "./kernels/reference.js";
export { type DType, emptyPool, type MemoryInfo, memoryInfo, setPoolLimit } from "./memory.js";
export { defaultGenerator, Generator, manualSeed } from "./random.js";
export { keep, scope } from "./scope.js";
export { isGradEnabled, noGrad } from "./tape.js";
export { type NestedArray, type RandomOptions, Tensor, type TensorOptions } from "./tensor.js";
