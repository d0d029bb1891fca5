/**
 * The Tensor: a dense, row-major float32 or float64 array with a shape, an optional gradient and the autograd
 * node that produced it. Methods are thin wrappers over the functional ops in ./ops (forward and backward of
 * each op live there, side by side).
 */
import { expected } from "../errors.js";
import { dtypeOf, flatArgs, flattenNested, generatorOf, nestedShape, withGrad } from "./arguments.js";
import { ShapeError, TensorError } from "./errors.js";
import { addGrad } from "./grad.js";
import type { Buf } from "./kernels/kernels.js";
import {
  acquireBuffer,
  countTensor,
  type DType,
  releaseBuffer,
  Storage,
  type Tracked,
  trackTensor,
} from "./memory.js";
import { add, div, maximum, minimum, mul, sub } from "./ops/arithmetic.js";
import { abs, clamp, exp, gelu, log, neg, pow, relu, sigmoid, silu, sqrt, tanh } from "./ops/elementwise.js";
import { matmul } from "./ops/matmul.js";
import {
  clone,
  expand,
  flatten,
  permute,
  reshape,
  slice,
  squeeze,
  transpose,
  unsqueeze,
} from "./ops/movement.js";
import { argmax, max, mean, sum, variance } from "./ops/reduce.js";
import type { Generator } from "./random.js";
import { checkShape, formatShape, sizeOf } from "./shape.js";
import { DISPOSED, type GradNode, runBackward } from "./tape.js";

/** Options of the tensor factories. */
export interface TensorOptions {
  /** Element type; default "float32". */
  dtype?: DType;
  /** Make the new tensor a leaf whose gradient backward() accumulates. */
  requiresGrad?: boolean;
}

/** Options of the random factories. */
export interface RandomOptions extends TensorOptions {
  /** The generator to draw from; default: the process-wide one (see manualSeed). */
  generator?: Generator;
}

/** Nested arrays of numbers, as accepted by Tensor.from and returned by toArray(). */
export type NestedArray = number | NestedArray[];

/** A dense row-major tensor with reverse-mode autograd. */
export class Tensor implements Tracked {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Number of elements (product of the shape). */
  readonly size: number;
  /** True for leaves whose gradient is wanted and for every op output computed from one. */
  requiresGrad = false;
  /** The accumulated gradient (leaves, and non-leaves after retainGrad()), same shape and dtype. */
  grad: Tensor | null = null;
  /** @internal The memory; null once disposed. */
  _storage: Storage | null;
  /** @internal The op that produced this tensor (null for leaves). */
  _node: GradNode | null = null;
  /** @internal Keep this non-leaf's gradient after backward(). */
  _retainGrad = false;
  /** @internal Never disposed by a scope (see keep()). */
  _kept = false;

  /** @internal Use the static factories or the ops; this wraps an existing storage. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType, track = true) {
    this._storage = storage;
    this.shape = shape;
    this.dtype = dtype;
    this.size = storage.data.length;
    countTensor(1);
    if (track) trackTensor(this);
  }

  /** The elements, row-major (a Float32Array or Float64Array view of the storage; do not keep after dispose). */
  get data(): Buf {
    const storage = this._storage;
    if (storage === null) {
      throw new TensorError(
        `tensor of shape ${formatShape(this.shape)} was disposed (by dispose() or at the end of its scope()) ` +
          "and cannot be read; keep() it or return it from the scope",
      );
    }
    return storage.data;
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** True when no op produced this tensor (created by a factory, or detached). */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** True once dispose() ran. */
  get isDisposed(): boolean {
    return this._storage === null;
  }

  /** True when scopes never dispose this tensor: keep()-ed tensors and leaves that require grad. */
  get survivesScopes(): boolean {
    return this._kept || (this.requiresGrad && this._node === null);
  }

  // ---- factories -------------------------------------------------------------------------------------

  /** Returns a tensor of the given shape filled with zeros. */
  static zeros(shape: readonly number[], options?: TensorOptions): Tensor {
    return Tensor.full(shape, 0, options);
  }

  /** Returns a tensor of the given shape filled with ones. */
  static ones(shape: readonly number[], options?: TensorOptions): Tensor {
    return Tensor.full(shape, 1, options);
  }

  /** Returns a tensor of the given shape filled with `value`. */
  static full(shape: readonly number[], value: number, options?: TensorOptions): Tensor {
    checkShape("full", shape);
    if (typeof value !== "number") throw new ShapeError(`full: ${expected("a number", "value", value)}`);
    const t = emptyTensor([...shape], dtypeOf("full", options));
    t.data.fill(value);
    return withGrad(t, options);
  }

  /**
   * Returns a tensor holding a copy of `data` (a number, nested arrays or a typed array). The shape defaults
   * to the nesting of the arrays (a flat array or typed array gives a 1-D tensor); the dtype defaults to
   * float64 for a Float64Array and float32 otherwise.
   */
  static from(
    data: NestedArray | ArrayLike<number>,
    shape?: readonly number[],
    options?: TensorOptions,
  ): Tensor {
    const dtype = dtypeOf("Tensor.from", options, data instanceof Float64Array ? "float64" : "float32");
    const typed = ArrayBuffer.isView(data);
    const flat = typed ? (data as ArrayLike<number>) : flattenNested(data as NestedArray);
    const inferred = typed ? [flat.length] : nestedShape(data as NestedArray);
    const finalShape = shape === undefined ? inferred : [...shape];
    checkShape("Tensor.from", finalShape);
    if (sizeOf(finalShape) !== flat.length) {
      throw new ShapeError(
        `Tensor.from: ${flat.length} values do not fill shape ${formatShape(finalShape)} (${sizeOf(finalShape)} elements)`,
      );
    }
    const t = emptyTensor(finalShape, dtype);
    t.data.set(flat);
    return withGrad(t, options);
  }

  /** Returns a tensor of standard normal samples (Box-Muller over the generator). */
  static randn(shape: readonly number[], options?: RandomOptions): Tensor {
    checkShape("randn", shape);
    const t = emptyTensor([...shape], dtypeOf("randn", options));
    generatorOf("randn", options).fillNormal(t.data);
    return withGrad(t, options);
  }

  /** Returns a tensor of uniform samples in [0, 1). */
  static rand(shape: readonly number[], options?: RandomOptions): Tensor {
    checkShape("rand", shape);
    const t = emptyTensor([...shape], dtypeOf("rand", options));
    generatorOf("rand", options).fillUniform(t.data);
    return withGrad(t, options);
  }

  /** Returns the 1-D tensor [start, start + step, ...) up to (excluding) end; arange(n) is 0..n-1. */
  static arange(start: number, end?: number, step = 1, options?: TensorOptions): Tensor {
    const [from, to] = end === undefined ? [0, start] : [start, end];
    if (!(Number.isFinite(from) && Number.isFinite(to) && Number.isFinite(step) && step !== 0)) {
      throw new ShapeError(`arange: ${expected("finite start and end and a non-zero step", "step", step)}`);
    }
    const n = Math.max(0, Math.ceil((to - from) / step));
    const t = emptyTensor([n], dtypeOf("arange", options));
    for (let i = 0; i < n; i++) t.data[i] = from + i * step;
    return withGrad(t, options);
  }

  // ---- elementwise -----------------------------------------------------------------------------------

  /** Returns this + other (broadcasting). */
  add(other: Tensor | number): Tensor {
    return add(this, other);
  }
  /** Returns this - other (broadcasting). */
  sub(other: Tensor | number): Tensor {
    return sub(this, other);
  }
  /** Returns this * other (broadcasting). */
  mul(other: Tensor | number): Tensor {
    return mul(this, other);
  }
  /** Returns this / other (broadcasting). */
  div(other: Tensor | number): Tensor {
    return div(this, other);
  }
  /** Returns the elementwise maximum of this and other (broadcasting). */
  maximum(other: Tensor): Tensor {
    return maximum(this, other);
  }
  /** Returns the elementwise minimum of this and other (broadcasting). */
  minimum(other: Tensor): Tensor {
    return minimum(this, other);
  }
  /** Returns -this. */
  neg(): Tensor {
    return neg(this);
  }
  /** Returns e^this. */
  exp(): Tensor {
    return exp(this);
  }
  /** Returns the natural logarithm. */
  log(): Tensor {
    return log(this);
  }
  /** Returns the square root. */
  sqrt(): Tensor {
    return sqrt(this);
  }
  /** Returns |this|. */
  abs(): Tensor {
    return abs(this);
  }
  /** Returns this ** exponent. */
  pow(exponent: number): Tensor {
    return pow(this, exponent);
  }
  /** Returns max(this, 0). */
  relu(): Tensor {
    return relu(this);
  }
  /** Returns this * sigmoid(this) (SiLU, swish). */
  silu(): Tensor {
    return silu(this);
  }
  /** Returns the exact (erf) GELU. */
  gelu(): Tensor {
    return gelu(this);
  }
  /** Returns 1 / (1 + e^-this). */
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  /** Returns tanh(this). */
  tanh(): Tensor {
    return tanh(this);
  }
  /** Returns this clamped to [min, max] (either bound may be omitted). */
  clamp(min?: number, max?: number): Tensor {
    return clamp(this, min, max);
  }

  // ---- matmul and reductions -------------------------------------------------------------------------

  /** Returns this @ other (1-D, 2-D or batched with broadcast batch axes). */
  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }
  /** Returns the sum over `axes` (default: all). */
  sum(axes?: number | readonly number[], keepDim = false): Tensor {
    return sum(this, axes, keepDim);
  }
  /** Returns the mean over `axes` (default: all). */
  mean(axes?: number | readonly number[], keepDim = false): Tensor {
    return mean(this, axes, keepDim);
  }
  /** Returns the maximum over `axes` (default: all); the gradient goes to the first maximum. */
  max(axes?: number | readonly number[], keepDim = false): Tensor {
    return max(this, axes, keepDim);
  }
  /** Returns the index of the first maximum along `axis` (default: of the flattened tensor), as floats. */
  argmax(axis?: number, keepDim = false): Tensor {
    return argmax(this, axis, keepDim);
  }
  /** Returns the variance over `axes` with Bessel's correction by default (correction = 1). */
  var(axes?: number | readonly number[], keepDim = false, correction = 1): Tensor {
    return variance(this, axes, { keepDim, correction });
  }

  // ---- movement --------------------------------------------------------------------------------------

  /** Returns the same elements in a new shape (one axis may be -1); shares memory. */
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return reshape(this, flatArgs(shape));
  }
  /** Same as reshape (the tensor is always dense, so every view is a reshape). */
  view(...shape: number[] | [readonly number[]]): Tensor {
    return reshape(this, flatArgs(shape));
  }
  /** Returns the tensor with axes startDim..endDim merged into one. */
  flatten(startDim = 0, endDim = -1): Tensor {
    return flatten(this, startDim, endDim);
  }
  /** Returns the tensor without size-1 axes (or only `axis`, if given and of size 1). */
  squeeze(axis?: number): Tensor {
    return squeeze(this, axis);
  }
  /** Returns the tensor with a size-1 axis inserted at `axis`. */
  unsqueeze(axis: number): Tensor {
    return unsqueeze(this, axis);
  }
  /** Returns a dense copy with axes a and b swapped. */
  transpose(a: number, b: number): Tensor {
    return transpose(this, a, b);
  }
  /** Returns a dense copy with the axes in the given order. */
  permute(...axes: number[] | [readonly number[]]): Tensor {
    return permute(this, flatArgs(axes));
  }
  /** Returns a dense copy of positions [start, end) along `axis` (negative indices count from the end). */
  slice(axis: number, start: number, end?: number): Tensor {
    return slice(this, axis, start, end);
  }
  /** Returns a dense copy broadcast to `shape` (-1 keeps an axis). */
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return expand(this, flatArgs(shape));
  }

  // ---- autograd and lifecycle ------------------------------------------------------------------------

  /**
   * Accumulates the gradient of this tensor into every leaf that requires grad. `grad` defaults to 1 for a
   * single-element tensor; the graph is freed unless `retainGraph`.
   */
  backward(grad?: Tensor, options?: { retainGraph?: boolean }): void {
    if (grad === undefined && this.size !== 1) {
      throw new ShapeError(
        `backward: a gradient can only be implied for a single-element tensor, not shape ${formatShape(this.shape)}; ` +
          "pass one: backward(gradient)",
      );
    }
    const seed = grad ?? Tensor.ones(this.shape, { dtype: this.dtype });
    runBackward(this, seed, addGrad, options?.retainGraph ?? false);
    if (grad === undefined) seed.dispose();
  }

  /** Keeps this non-leaf tensor's gradient after backward() (leaves always keep theirs); returns this. */
  retainGrad(): this {
    this._retainGrad = true;
    return this;
  }

  /** Makes this leaf require grad; returns this. */
  requiresGrad_(requiresGrad = true): this {
    if (this._node !== null) {
      throw new TensorError("requiresGrad_: only leaf tensors can change requiresGrad; use detach() first");
    }
    this.requiresGrad = requiresGrad;
    return this;
  }

  /** Returns a tensor sharing this one's memory but cut from the graph (a leaf without grad). */
  detach(): Tensor {
    return shareTensor(this, this.shape, true);
  }

  /** Returns a copy that gradients flow through. */
  clone(): Tensor {
    return clone(this);
  }

  /** Returns the value of a single-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new ShapeError(
        `item: the tensor must have exactly one element, not shape ${formatShape(this.shape)}`,
      );
    }
    return this.data[0];
  }

  /** Returns the elements as nested arrays following the shape (a number for a scalar). */
  toArray(): NestedArray {
    const data = this.data;
    const build = (axis: number, offset: number, stride: number): NestedArray => {
      if (axis === this.shape.length) return data[offset];
      const n = this.shape[axis];
      const inner = stride / Math.max(n, 1);
      return Array.from({ length: n }, (_, i) => build(axis + 1, offset + i * inner, inner));
    };
    return build(0, 0, this.size);
  }

  /** Releases the memory to the buffer pool (also the gradient's); later reads throw. Idempotent. */
  dispose(): void {
    const storage = this._storage;
    if (storage === null) return;
    this._storage = null;
    // NOTE: an op output keeps a node that fails loudly in backward(); dropping it would make the tensor look
    // like a leaf and silently cut the gradient.
    if (this._node !== null) this._node = DISPOSED;
    countTensor(-1);
    if (--storage.refs === 0) releaseBuffer(storage.data);
    if (this.grad !== null) {
      this.grad.dispose();
      this.grad = null;
    }
  }

  /** Returns "Tensor(float32, [2, 3])". */
  toString(): string {
    return `Tensor(${this.dtype}, ${formatShape(this.shape)}${this.isDisposed ? ", disposed" : ""})`;
  }
}

/** @internal Returns a new tensor of `shape` over a pooled buffer whose contents are arbitrary. */
export function emptyTensor(shape: readonly number[], dtype: DType, track = true): Tensor {
  return new Tensor(new Storage(acquireBuffer(dtype, sizeOf(shape))), shape, dtype, track);
}

/** @internal Returns a new tensor over `source`'s storage (one more reference) with another shape. */
export function shareTensor(source: Tensor, shape: readonly number[], track: boolean): Tensor {
  const storage = source._storage;
  if (storage === null) void source.data; // throws the disposed error
  storage!.refs++;
  return new Tensor(storage!, shape, source.dtype, track);
}
