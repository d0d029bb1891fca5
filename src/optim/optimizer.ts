/**
 * The optimiser base: parameter groups with per-group options (PyTorch's `param_groups`), per-parameter state
 * buffers, `zeroGrad()`, and a state dict (state keyed by parameter index across groups, as PyTorch saves it).
 * Subclasses implement one update rule over plain typed arrays, so updates are exact and deterministic.
 */
import { EfficientEcgError, expected } from "../errors.js";

/** The parts of a Tensor an optimiser touches: its values, shape and gradient (null when it has none). */
export interface Parameter {
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array;
  grad: { readonly data: Float32Array | Float64Array; dispose?(): void } | null;
}

/** Raised for misuse of an optimiser: bad groups, mismatched state dicts, gradients of the wrong size. */
export class OptimizerError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_OPTIMIZER", message, options);
  }
}

/** Options every group carries: the learning rate and (decoupled or L2) weight decay. */
export interface BaseOptions {
  lr: number;
  weightDecay: number;
}

/** A group of parameters with its own options (the rest taken from the optimiser's defaults). */
export type ParamGroupInput<O> = { params: Iterable<Parameter> } & Partial<O>;

/** A parameter group as stored: its parameters and every option resolved. */
export type ParamGroup<O> = { params: Parameter[] } & O;

/** One parameter's state: typed-array buffers (same length as the parameter) and scalar counters. */
export type ParamState = Record<string, Float32Array | Float64Array | number>;

/** PyTorch's optimiser state-dict layout: state by parameter index, groups with indices in place of tensors. */
export interface OptimizerStateDict<O> {
  state: Record<number, ParamState>;
  paramGroups: Array<O & { params: number[] }>;
}

export abstract class Optimizer<O extends BaseOptions> {
  readonly paramGroups: ParamGroup<O>[] = [];
  protected readonly state = new Map<Parameter, ParamState>();

  /** `params`: parameters (one group) or groups `{ params, ...options }`; missing options come from `defaults`. */
  constructor(params: Iterable<Parameter> | Iterable<ParamGroupInput<O>>, defaults: O) {
    this.validateOptions(defaults, "defaults");
    const list = [...(params as Iterable<Parameter | ParamGroupInput<O>>)];
    const groups: ParamGroupInput<O>[] =
      list.length > 0 && list.every((item) => "params" in item && !("data" in item))
        ? (list as ParamGroupInput<O>[])
        : [{ params: list as Parameter[] } as unknown as ParamGroupInput<O>];
    const seen = new Set<Parameter>();
    for (const [index, input] of groups.entries()) {
      const group = { ...defaults, ...input, params: [...input.params] } as ParamGroup<O>;
      this.validateOptions(group, `param group ${index}`);
      for (const param of group.params) {
        if (!param || !(param.data instanceof Float32Array || param.data instanceof Float64Array))
          throw new OptimizerError(expected("a Tensor", `a parameter of param group ${index}`, param));
        if (seen.has(param))
          throw new OptimizerError(
            `param group ${index}: a parameter appears in more than one group or twice`,
          );
        seen.add(param);
      }
      this.paramGroups.push(group);
    }
    if (seen.size === 0) throw new OptimizerError("optimizer got an empty parameter list");
  }

  /** Throws an OptimizerError naming `where` and the option when an option is out of range. */
  protected abstract validateOptions(options: O, where: string): void;

  /** Applies the update to one parameter (`grad` has the parameter's length) with its group's options. */
  protected abstract update(
    param: Parameter,
    grad: Float32Array | Float64Array,
    state: ParamState,
    group: O,
  ): void;

  /** Applies one update to every parameter that has a gradient. Returns nothing. */
  step(): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        if (!param.grad) continue;
        const grad = param.grad.data;
        if (grad.length !== param.data.length) {
          throw new OptimizerError(
            `gradient of a parameter of shape [${param.shape}] has ${grad.length} elements, expected ${param.data.length}`,
          );
        }
        let state = this.state.get(param);
        if (!state) this.state.set(param, (state = {}));
        this.update(param, grad, state, group);
      }
    }
  }

  /** Clears every parameter's gradient (releases it and sets it to null, as PyTorch's set_to_none=True). */
  zeroGrad(): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        param.grad?.dispose?.();
        param.grad = null;
      }
    }
  }

  /** Returns a deep copy of the state and groups, parameters replaced by their index across all groups. */
  stateDict(): OptimizerStateDict<O> {
    const state: Record<number, ParamState> = {};
    const paramGroups: Array<O & { params: number[] }> = [];
    let index = 0;
    for (const { params, ...options } of this.paramGroups) {
      const indices: number[] = [];
      for (const param of params) {
        const paramState = this.state.get(param);
        if (paramState) state[index] = cloneState(paramState);
        indices.push(index++);
      }
      paramGroups.push({ ...(options as unknown as O), params: indices });
    }
    return { state, paramGroups };
  }

  /**
   * Loads a state dict made by `stateDict()` of an optimiser over the same parameters (same group sizes,
   * same parameter sizes); options and state are copied. Throws an OptimizerError listing every mismatch.
   */
  loadStateDict(dict: OptimizerStateDict<O>): void {
    const problems: string[] = [];
    if (!dict || !Array.isArray(dict.paramGroups) || typeof dict.state !== "object") {
      throw new OptimizerError(expected("an optimizer state dict { state, paramGroups }", "dict", dict));
    }
    if (dict.paramGroups.length !== this.paramGroups.length) {
      problems.push(
        `it has ${dict.paramGroups.length} param groups, this optimizer has ${this.paramGroups.length}`,
      );
    }
    const byIndex: Parameter[] = this.paramGroups.flatMap((group) => group.params);
    this.paramGroups.forEach((group, g) => {
      const saved = dict.paramGroups[g];
      if (!saved) return;
      if (saved.params?.length !== group.params.length)
        problems.push(
          `param group ${g} has ${saved.params?.length} parameters, expected ${group.params.length}`,
        );
      try {
        this.validateOptions({ ...group, ...saved }, `param group ${g}`);
      } catch (error) {
        problems.push((error as Error).message);
      }
    });
    for (const [key, paramState] of Object.entries(dict.state)) {
      const param = byIndex[Number(key)];
      if (!param) {
        problems.push(`state for parameter ${key}, which does not exist`);
        continue;
      }
      for (const [name, value] of Object.entries(paramState)) {
        if (typeof value === "number") continue;
        if (
          !(value instanceof Float32Array || value instanceof Float64Array) ||
          value.length !== param.data.length
        )
          problems.push(
            `state ${key}.${name}: ${expected(`${param.data.length} values`, "buffer", value)} (parameter [${param.shape}])`,
          );
      }
    }
    if (problems.length > 0)
      throw new OptimizerError(`Cannot load optimizer state dict:\n  ${problems.join("\n  ")}`);
    this.paramGroups.forEach((group, g) => {
      const { params: _indices, ...options } = dict.paramGroups[g];
      Object.assign(group, options);
    });
    this.state.clear();
    for (const [key, paramState] of Object.entries(dict.state)) {
      const param = byIndex[Number(key)];
      const copy: ParamState = {};
      for (const [name, value] of Object.entries(paramState)) {
        // Buffers take the parameter's dtype, so a float64 checkpoint loads into a float32 model.
        copy[name] =
          typeof value === "number"
            ? value
            : param.data instanceof Float32Array
              ? Float32Array.from(value)
              : Float64Array.from(value);
      }
      this.state.set(param, copy);
    }
  }
}

function cloneState(state: ParamState): ParamState {
  const copy: ParamState = {};
  for (const [name, value] of Object.entries(state))
    copy[name] = typeof value === "number" ? value : value.slice();
  return copy;
}

/** Throws an OptimizerError unless `value` is a finite number in [min, max] (bounds inclusive unless open). */
export function checkRange(
  value: unknown,
  name: string,
  where: string,
  min: number,
  max = Number.POSITIVE_INFINITY,
  openMax = false,
): void {
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (openMax && value === max)
  ) {
    const range =
      max === Number.POSITIVE_INFINITY
        ? `a finite number >= ${min}`
        : `a number in [${min}, ${max}${openMax ? ")" : "]"}`;
    throw new OptimizerError(`${where}: ${expected(range, name, value)}`);
  }
}
