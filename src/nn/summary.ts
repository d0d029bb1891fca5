/**
 * Parameter and FLOP counting for any module, with a per-layer table. FLOPs are counted by convention as
 * 2 x multiply-accumulates (MACs) of the products in conv, linear, LSTM and attention layers (each module's
 * `macs()`); element-wise work (normalisation, activations, pooling, residual additions) is not counted.
 * Shapes come from one real forward pass in eval mode without gradients, so any architecture is measured as
 * it actually runs; the module's mode and state are left as they were.
 */
import { expected } from "../errors.js";
import { noGrad, scope, Tensor } from "../tensor/index.js";
import { ModuleError } from "./errors.js";
import type { Module } from "./module.js";

/** Returns the number of parameter elements (shared parameters once; only trainable ones if asked). */
export function countParameters(module: Module, options: { trainableOnly?: boolean } = {}): number {
  let total = 0;
  for (const tensor of module.parameters())
    if (!options.trainableOnly || tensor.requiresGrad) total += tensor.size;
  return total;
}

/** One row of the FLOP table: a module (by dotted path) with its shapes, own parameters and products. */
export interface LayerCount {
  /** Dotted path ("" for the root), and nesting depth for indentation. */
  name: string;
  depth: number;
  type: string;
  /** Shapes of the tensors passed to and returned by forward (last call), empty if it was not called. */
  inputShapes: number[][];
  outputShapes: number[][];
  /** Parameters registered directly on this module (not its children). */
  parameters: number;
  /** Multiply-accumulates of this module's own products, summed over its calls. */
  macs: number;
  /** 2 x macs. */
  flops: number;
}

/** Totals and rows of countFlops. */
export interface FlopCount {
  macs: number;
  /** 2 x macs: the FLOPs of one forward pass over the given batch. */
  flops: number;
  parameters: number;
  layers: LayerCount[];
}

/** Returns the shapes of every tensor in a (nested) forward argument or result. */
function shapesOf(value: unknown, out: number[][] = []): number[][] {
  if (value instanceof Tensor) out.push([...value.shape]);
  else if (Array.isArray(value)) for (const item of value) shapesOf(item, out);
  return out;
}

type Callable = Module & { forward(...inputs: never[]): unknown };

/**
 * Returns the MACs, FLOPs (2 x MACs) and parameters of one forward pass of `module` on zero inputs of the given
 * shapes (`inputs`: one shape, several shapes, or ready tensors for inputs that need real values), with a
 * row per module. `call` runs the forward for signatures other than positional tensors (default:
 * `module.forward(...inputs)`). Throws a ModuleError when the module has no forward.
 */
export function countFlops<M extends Callable>(
  module: M,
  inputs: readonly number[] | readonly (readonly number[] | Tensor)[],
  call: (module: M, inputs: Tensor[]) => unknown = (m, xs) =>
    (m.forward as (...x: Tensor[]) => unknown)(...xs),
): FlopCount {
  if (typeof module.forward !== "function")
    throw new ModuleError(expected("a module with forward()", "module", module));
  const list = (inputs.length > 0 && typeof inputs[0] === "number" ? [inputs] : inputs) as readonly (
    | readonly number[]
    | Tensor
  )[];
  const dtype = module.parameters()[0]?.dtype ?? "float32";
  const modules = module.namedModules();
  const rows = new Map<Module, LayerCount>();
  const modes = new Map<Module, boolean>();
  const restore: Array<() => void> = [];
  for (const [name, child] of modules) {
    modes.set(child, child.training);
    const row: LayerCount = {
      name,
      depth: name === "" ? 0 : name.split(".").length,
      type: child.constructor.name,
      inputShapes: [],
      outputShapes: [],
      parameters: 0,
      macs: 0,
      flops: 0,
    };
    row.parameters = (child as Module)
      .namedParameters()
      .filter(([key]) => !key.includes("."))
      .reduce((a, [, t]) => a + t.size, 0);
    rows.set(child, row);
    const callable = child as Callable;
    if (typeof callable.forward !== "function") continue;
    const own = Object.getOwnPropertyDescriptor(callable, "forward");
    const original = callable.forward;
    // NOTE: a per-instance wrapper acts as PyTorch's forward hooks without a __call__ indirection.
    Object.defineProperty(callable, "forward", {
      configurable: true,
      writable: true,
      value: (...args: never[]) => {
        const result = original.apply(callable, args);
        row.inputShapes = shapesOf(args);
        row.outputShapes = shapesOf(result);
        row.macs += child.macs(row.inputShapes, row.outputShapes);
        return result;
      },
    });
    restore.push(() => {
      if (own) Object.defineProperty(callable, "forward", own);
      else delete (callable as { forward?: unknown }).forward;
    });
  }
  try {
    module.eval();
    noGrad(() =>
      scope(() => {
        const tensors = list.map((shape) =>
          shape instanceof Tensor ? shape : Tensor.zeros([...shape], { dtype }),
        );
        call(module, tensors);
      }),
    );
  } finally {
    for (const undo of restore) undo();
    for (const [child, mode] of modes) child.training = mode;
  }
  const layers = [...rows.values()];
  for (const row of layers) row.flops = 2 * row.macs;
  const macs = layers.reduce((a, row) => a + row.macs, 0);
  return { macs, flops: 2 * macs, parameters: countParameters(module), layers };
}

/** Returns a fixed-width text table of a FlopCount (one line per module, indented by depth, then totals). */
export function formatFlopTable(count: FlopCount): string {
  const header = ["layer", "type", "output shape", "params", "MACs"];
  const body = count.layers.map((row) => [
    `${"  ".repeat(row.depth)}${row.name === "" ? "(root)" : row.name.split(".").at(-1)}`,
    row.type,
    row.outputShapes.map((s) => `[${s.join(", ")}]`).join(" "),
    row.parameters.toLocaleString("en-US"),
    row.macs.toLocaleString("en-US"),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i >= 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ");
  return [
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...body.map(line),
    `total: ${count.parameters.toLocaleString("en-US")} parameters, ${count.macs.toLocaleString("en-US")} MACs = ` +
      `${count.flops.toLocaleString("en-US")} FLOPs (2 x MACs; element-wise ops not counted)`,
  ].join("\n");
}
