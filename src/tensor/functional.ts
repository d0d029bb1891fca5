/** The functional ops, gathered for `import { F } from ".../tensor/index.js"` (F.conv1d, F.softmax, ...). */
export { add, div, maskedFill, maximum, minimum, mul, sub } from "./ops/arithmetic.js";
export { type Conv1dOptions, conv1d } from "./ops/conv.js";
export {
  type DepthwiseNormOptions,
  depthwiseNormAct,
  type NormWeights,
} from "./ops/depthwise-norm.js";
export { dropConnect, dropout } from "./ops/dropout.js";
export { abs, clamp, exp, gelu, log, neg, pow, relu, sigmoid, silu, sqrt, tanh } from "./ops/elementwise.js";
export { embedding, gather, type Indices } from "./ops/embedding.js";
export {
  type BceOptions,
  bceWithLogits,
  type CrossEntropyOptions,
  crossEntropy,
  mse,
  type Reduction,
} from "./ops/loss.js";
export { linear, matmul } from "./ops/matmul.js";
export { type FoldedConv, type MBConvWeights, mbconv } from "./ops/mbconv.js";
export {
  clone,
  concat,
  expand,
  flatten,
  permute,
  reshape,
  slice,
  squeeze,
  stack,
  transpose,
  unsqueeze,
} from "./ops/movement.js";
export { type BatchNormOptions, batchNorm, layerNorm } from "./ops/norm.js";
export { avgPool1d, globalAvgPool1d, maxPool1d, type Pool1dOptions } from "./ops/pool.js";
export { lstmLayer } from "./ops/recurrent.js";
export { argmax, max, mean, sum, variance } from "./ops/reduce.js";
export { logSoftmax, softmax } from "./ops/softmax.js";
