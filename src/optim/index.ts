/** The optim layer: optimisers (AdamW, SGD), learning-rate schedules and their scheduler, gradient clipping. */
export * from "./adamw.js";
export * from "./checkpoint.js";
export * from "./clip.js";
export {
  type BaseOptions,
  Optimizer,
  OptimizerError,
  type OptimizerStateDict,
  type Parameter,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
} from "./optimizer.js";
export * from "./scheduler.js";
export * from "./schedules.js";
export * from "./sgd.js";
