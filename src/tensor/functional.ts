/** The functional ops, gathered for `import { F } from ".../tensor/index.js"` (F.conv1d, F.softmax, ...). */
export { add, div, maskedFill, maximum, minimum, mul, sub } from "./ops/arithmetic.js";
export { abs, clamp, exp, gelu, log, neg, pow, relu, sigmoid, silu, sqrt, tanh } from "./ops/elementwise.js";
export { linear, matmul } from "./ops/matmul.js";
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
export { argmax, max, mean, sum, variance } from "./ops/reduce.js";
