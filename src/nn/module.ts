/**
 * The Module base class, in the style of PyTorch's torch/nn/modules/module.py: registries of parameters
 * (trained tensors), buffers (state such as BatchNorm's running statistics: saved, never trained) and child
 * modules, so that a whole network can be walked, switched between training and evaluation, saved and loaded
 * by dotted names such as `blocks.3.bn.running_mean`.
 *
 * A subclass registers its tensors in its constructor and keeps them in readonly fields too:
 *   this.weight = this.registerParameter("weight", Tensor.zeros([out, in]));
 * Loading a state dict copies values into the registered tensors in place, so those fields stay valid.
 *
 * Each class has a `static version`; a checkpoint saved by an older version goes through the class's
 * `migrateStateDict` hook before it is loaded (PyTorch's `_version` and `_load_from_state_dict`).
 */
import { expected } from "../errors.js";
import { keep, type Tensor } from "../tensor/index.js";
import { ModuleError } from "./errors.js";

/** Tensors by dotted name, as returned by `stateDict()` (shares memory with the module). */
export type StateDict = Record<string, Tensor>;

/** Options of `loadStateDict`. */
export interface LoadOptions {
  /** When true (default), missing and unexpected keys are errors; size mismatches always are. */
  strict?: boolean;
  /** Class versions the state dict was saved with, by module path ("" is the root); see `stateVersions()`. */
  versions?: Readonly<Record<string, number>>;
}

/** Keys that were not loaded, as PyTorch's load_state_dict returns them (non-strict loads). */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

function checkName(kind: string, name: string, owner: Module): void {
  if (typeof name !== "string" || name === "" || name.includes(".")) {
    throw new ModuleError(
      `${owner.constructor.name}: ${expected(`a non-empty ${kind} name without "."`, "name", name)}`,
    );
  }
  if (owner.hasMember(name))
    throw new ModuleError(`${owner.constructor.name}: "${name}" is already registered as a member`);
}

export abstract class Module {
  /** The state-dict layout version of this class; bump it and override `migrateStateDict` on a change. */
  static version = 1;

  /** True in training mode (dropout active, batch norm uses batch statistics); see `train()`/`eval()`. */
  training = true;

  private readonly parameterRegistry = new Map<string, Tensor | null>();
  private readonly bufferRegistry = new Map<string, { tensor: Tensor | null; persistent: boolean }>();
  private readonly moduleRegistry = new Map<string, Module | null>();

  /** Registers a trainable tensor (sets requiresGrad) under `name`; null keeps the slot (e.g. no bias). Returns it. */
  protected registerParameter<T extends Tensor | null>(name: string, tensor: T): T {
    checkName("parameter", name, this);
    if (tensor) tensor.requiresGrad = true;
    this.parameterRegistry.set(name, tensor);
    return tensor;
  }

  /**
   * Registers state that is saved but not trained (running statistics, counters). Non-persistent buffers are
   * left out of the state dict. Returns the tensor.
   */
  protected registerBuffer<T extends Tensor | null>(name: string, tensor: T, persistent = true): T {
    checkName("buffer", name, this);
    // Buffers live as long as the module: a scope() around construction or forward must not release them.
    if (tensor) keep(tensor);
    this.bufferRegistry.set(name, { tensor, persistent });
    return tensor;
  }

  /** Registers a child module under `name` (its tensors get the prefix `name.`). Returns it. */
  protected registerModule<M extends Module | null>(name: string, module: M): M {
    checkName("module", name, this);
    this.moduleRegistry.set(name, module);
    return module;
  }

  /** Puts `module` in the place of the registered child `name` (a model transform's hook). Returns it. */
  protected replaceModule<M extends Module | null>(name: string, module: M): M {
    if (!this.moduleRegistry.has(name))
      throw new ModuleError(`${this.constructor.name}: no child module "${name}" to replace`);
    this.moduleRegistry.set(name, module);
    return module;
  }

  /** Returns true when `name` is a registered parameter, buffer or child module of this module. */
  hasMember(name: string): boolean {
    return this.parameterRegistry.has(name) || this.bufferRegistry.has(name) || this.moduleRegistry.has(name);
  }

  /** Returns the direct children with their names, in registration order. */
  namedChildren(): Array<[string, Module]> {
    return [...this.moduleRegistry].filter((entry): entry is [string, Module] => entry[1] !== null);
  }

  /** Returns the direct children, in registration order. */
  children(): Module[] {
    return this.namedChildren().map(([, module]) => module);
  }

  /** Returns this module and every descendant with dotted paths ("" for this one), depth first, each once. */
  namedModules(prefix = "", seen = new Set<Module>()): Array<[string, Module]> {
    if (seen.has(this)) return [];
    seen.add(this);
    const out: Array<[string, Module]> = [[prefix, this]];
    for (const [name, child] of this.namedChildren())
      out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name, seen));
    return out;
  }

  /** Returns this module and every descendant, depth first. */
  modules(): Module[] {
    return this.namedModules().map(([, module]) => module);
  }

  /** Returns every parameter with its dotted name (shared parameters once, under their first name). */
  namedParameters(): Array<[string, Tensor]> {
    const seen = new Set<Tensor>();
    const out: Array<[string, Tensor]> = [];
    for (const [path, module] of this.namedModules()) {
      for (const [name, tensor] of module.parameterRegistry) {
        if (!tensor || seen.has(tensor)) continue;
        seen.add(tensor);
        out.push([path ? `${path}.${name}` : name, tensor]);
      }
    }
    return out;
  }

  /** Returns every parameter (the list to give an optimiser). */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, tensor]) => tensor);
  }

  /** Returns every buffer with its dotted name (persistent or not). */
  namedBuffers(): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [path, module] of this.namedModules()) {
      for (const [name, { tensor }] of module.bufferRegistry)
        if (tensor) out.push([path ? `${path}.${name}` : name, tensor]);
    }
    return out;
  }

  /** Returns every buffer. */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, tensor]) => tensor);
  }

  /** Sets training mode on this module and all descendants (`mode` false = evaluation). Returns this. */
  train(mode = true): this {
    for (const module of this.modules()) module.training = mode;
    return this;
  }

  /** Sets evaluation mode (dropout off, batch norm on running statistics) recursively. Returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Sets requiresGrad on every parameter (false freezes the module, e.g. for fine-tuning). Returns this. */
  requiresGrad_(requiresGrad = true): this {
    for (const tensor of this.parameters()) tensor.requiresGrad = requiresGrad;
    return this;
  }

  /** Clears every parameter's gradient (releases it to the pool and sets it to null, as PyTorch's set_to_none). */
  zeroGrad(): void {
    for (const tensor of this.parameters()) {
      tensor.grad?.dispose();
      tensor.grad = null;
    }
  }

  /** Calls `fn` on every descendant and then on this module (PyTorch's `apply`). Returns this. */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Returns parameters and persistent buffers by dotted name, sharing memory with the module. */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [path, module] of this.namedModules()) {
      const prefix = path ? `${path}.` : "";
      for (const [name, tensor] of module.parameterRegistry) if (tensor) out[prefix + name] = tensor;
      for (const [name, { tensor, persistent }] of module.bufferRegistry)
        if (tensor && persistent) out[prefix + name] = tensor;
    }
    return out;
  }

  /** Returns each module's class version by path ("" is the root), to save alongside the state dict. */
  stateVersions(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [path, module] of this.namedModules())
      out[path] = (module.constructor as typeof Module).version;
    return out;
  }

  /**
   * Rewrites `dict` (in place) from the layout of `version` (undefined: unknown, e.g. a PyTorch file) to this
   * class's current one, for the keys under `prefix`. Called by `loadStateDict` for each module whose saved
   * version differs. The default does nothing.
   */
  protected migrateStateDict(
    _dict: Map<string, Tensor>,
    _prefix: string,
    _version: number | undefined,
  ): void {}

  /**
   * Copies `dict` into this module's parameters and buffers (values converted to each tensor's dtype). Every
   * problem is gathered first (size mismatches; with `strict`, missing and unexpected keys) and thrown once as
   * a ModuleError listing all of them, before anything is copied. Returns the keys not loaded.
   */
  loadStateDict(
    dict: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>,
    options: LoadOptions = {},
  ): LoadResult {
    const { strict = true, versions } = options;
    const source = new Map<string, Tensor>(dict instanceof Map ? dict : Object.entries(dict));
    for (const [path, module] of this.namedModules()) {
      const current = (module.constructor as typeof Module).version;
      const saved = versions?.[path];
      if (saved !== current) module.migrateStateDict(source, path ? `${path}.` : "", saved);
    }
    const target = this.stateDict();
    const missingKeys = Object.keys(target).filter((key) => !source.has(key));
    const unexpectedKeys = [...source.keys()].filter((key) => !Object.hasOwn(target, key));
    const problems: string[] = [];
    if (strict && missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.join(", ")}`);
    if (strict && unexpectedKeys.length > 0) problems.push(`unexpected keys: ${unexpectedKeys.join(", ")}`);
    for (const [key, tensor] of Object.entries(target)) {
      const value = source.get(key);
      if (value === undefined) continue;
      if (!value || !Array.isArray(value.shape) || !ArrayBuffer.isView(value.data)) {
        problems.push(`${key}: ${expected("a Tensor", "the value", value)}`);
      } else if (
        value.shape.length !== tensor.shape.length ||
        value.shape.some((d, i) => d !== tensor.shape[i])
      ) {
        problems.push(
          `size mismatch for ${key}: checkpoint has shape [${value.shape.join(", ")}], the module has [${tensor.shape.join(", ")}]`,
        );
      }
    }
    if (problems.length > 0) {
      throw new ModuleError(
        `Cannot load state dict into ${this.constructor.name}:\n  ${problems.join("\n  ")}`,
      );
    }
    for (const [key, tensor] of Object.entries(target)) {
      const value = source.get(key);
      if (value) tensor.data.set(value.data);
    }
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Returns the multiply-accumulates of this module's own products (children excluded) in a forward pass with
   * these input and output shapes; countFlops() reports 2 x the sum over the tree. Default 0: layers without
   * matrix or convolution products (norms, activations, pooling) count nothing by this convention.
   */
  macs(_inputs: readonly (readonly number[])[], _outputs: readonly (readonly number[])[]): number {
    return 0;
  }

  /** Returns the constructor arguments shown inside the parentheses of `toString()` (PyTorch's extra_repr). */
  extraRepr(): string {
    return "";
  }

  /** Returns a PyTorch-style nested summary, e.g. "Sequential(\n  (0): Linear(in_features=2, ...)\n)". */
  toString(): string {
    const name = this.constructor.name;
    const extra = this.extraRepr();
    const lines = extra ? extra.split("\n") : [];
    for (const [childName, child] of this.namedChildren())
      lines.push(`(${childName}): ${child.toString().replaceAll("\n", "\n  ")}`);
    if (this.namedChildren().length === 0) return `${name}(${extra})`;
    return `${name}(\n  ${lines.join("\n  ")}\n)`;
  }
}
