/** Containers: Sequential (a chain of layers) and ModuleList (an indexed list of modules), plus Flatten. */
import { expected } from "../errors.js";
import type { Tensor } from "../tensor/index.js";
import { checkInt } from "./check.js";
import { ModuleError } from "./errors.js";
import { Module } from "./module.js";

/** A module whose forward maps one tensor to one tensor, the kind Sequential chains. */
export type Layer = Module & { forward(x: Tensor): Tensor };

function checkModule(owner: string, module: unknown, index: number): void {
  if (!(module instanceof Module))
    throw new ModuleError(`${owner}: ${expected("a Module", `item ${index}`, module)}`);
}

/** Applies its layers in order: the first layer's input shape -> the last layer's output shape. */
export class Sequential extends Module {
  private readonly layers: Layer[] = [];

  constructor(...layers: Layer[]) {
    super();
    for (const layer of layers) this.append(layer);
  }

  /** Adds a layer at the end (named by its index). Returns this. */
  append(layer: Layer): this {
    checkModule("Sequential", layer, this.layers.length);
    this.layers.push(this.registerModule(String(this.layers.length), layer));
    return this;
  }

  /** Replaces layer `index` (negative counts from the end) by `layer`, keeping its name. Returns this. */
  set(index: number, layer: Layer): this {
    this.at(index);
    checkModule("Sequential", layer, index);
    const at = index < 0 ? this.layers.length + index : index;
    this.layers[at] = this.replaceModule(String(at), layer);
    return this;
  }

  /** Number of layers. */
  get length(): number {
    return this.layers.length;
  }

  /** Returns layer `index` (negative counts from the end); throws a ModuleError when out of range. */
  at(index: number): Layer {
    const layer = this.layers.at(index);
    if (!Number.isInteger(index) || !layer)
      throw new ModuleError(
        `Sequential: ${expected(`an index in [-${this.length}, ${this.length})`, "index", index)}`,
      );
    return layer;
  }

  [Symbol.iterator](): Iterator<Layer> {
    return this.layers[Symbol.iterator]();
  }

  /** Returns x passed through every layer in order. */
  forward(x: Tensor): Tensor {
    for (const layer of this.layers) x = layer.forward(x);
    return x;
  }
}

/** Holds modules in an indexed list so that their parameters are registered; it has no forward. */
export class ModuleList<M extends Module = Module> extends Module {
  private readonly items: M[] = [];

  constructor(modules: Iterable<M> = []) {
    super();
    for (const module of modules) this.append(module);
  }

  /** Adds a module at the end (named by its index). Returns this. */
  append(module: M): this {
    checkModule("ModuleList", module, this.items.length);
    this.items.push(this.registerModule(String(this.items.length), module));
    return this;
  }

  /** Number of modules. */
  get length(): number {
    return this.items.length;
  }

  /** Returns module `index` (negative counts from the end); throws a ModuleError when out of range. */
  at(index: number): M {
    const module = this.items.at(index);
    if (!Number.isInteger(index) || !module)
      throw new ModuleError(
        `ModuleList: ${expected(`an index in [-${this.length}, ${this.length})`, "index", index)}`,
      );
    return module;
  }

  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
}

/** Flattens axes startDim..endDim into one, e.g. (N, C, L) -> (N, C * L) with the defaults (1, -1). */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
    checkInt("Flatten", "startDim", startDim, Number.MIN_SAFE_INTEGER);
    checkInt("Flatten", "endDim", endDim, Number.MIN_SAFE_INTEGER);
  }

  /** Returns x with axes startDim..endDim merged. */
  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
