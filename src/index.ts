/** Public API of efficientecg: one place that re-exports each layer's public names. */

export * from "./datasets/index.js";
export * from "./detect/index.js";
export * from "./dsp/index.js";
export * from "./errors.js";
export * from "./eval/index.js";
export * from "./features/index.js";
export * from "./io/index.js";
export * from "./models/index.js";
export * from "./nn/index.js";
export * from "./optim/index.js";
export * from "./simulate/index.js";
export * from "./tensor/index.js";
export * from "./train/index.js";
