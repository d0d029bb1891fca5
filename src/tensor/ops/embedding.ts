/** Row lookups: embedding (table rows by index) and gather (index_select along any axis). */
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { prepareGrad } from "../grad.js";
import { formatShape, normalizeAxis, sizeOf } from "../shape.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, Tensor } from "../tensor.js";
import { checkTensor } from "./checks.js";

/** Indices as accepted by embedding and gather: a tensor of integer values, an Int32Array or numbers. */
export type Indices = Tensor | Int32Array | readonly number[];

/**
 * Returns table[indices]: (V, D) rows picked by integer indices of any shape -> (...indices.shape, D).
 * dtable = dy rows added back at their indices (repeated indices accumulate).
 */
export function embedding(table: Tensor, indices: Indices): Tensor {
  checkTensor("embedding", "table", table);
  if (table.rank !== 2)
    throw new ShapeError(`embedding: table must have rank 2 (V, D), not ${formatShape(table.shape)}`);
  const [rows, dim] = table.shape;
  const { index, shape } = toIndex("embedding", indices, rows);
  const k = kernelsFor(table.dtype);
  const y = emptyTensor([...shape, dim], table.dtype);
  k.gatherRows(table.data, dim, index, y.data);
  if (needsGrad(table)) {
    attach(y, "embedding", [table], (dy) => {
      prepareGrad(table, true);
      k.scatterAddRows(dy.data, dim, index, table.grad!.data);
    });
  }
  return y;
}

/**
 * Returns the entries of x at 1-D `indices` along `axis` (PyTorch's index_select): the axis's size becomes
 * the number of indices. dx = dy added back at the indices.
 */
export function gather(x: Tensor, axis: number, indices: Indices): Tensor {
  checkTensor("gather", "x", x);
  const a = normalizeAxis("gather", axis, x.rank);
  const n = x.shape[a];
  const { index, shape } = toIndex("gather", indices, n);
  if (shape.length !== 1)
    throw new ShapeError(`gather: indices must be 1-D, not shape ${formatShape(shape)}`);
  const outer = sizeOf(x.shape.slice(0, a));
  const inner = sizeOf(x.shape.slice(a + 1));
  const m = index.length;
  const k = kernelsFor(x.dtype);
  const y = emptyTensor(
    x.shape.map((d, i) => (i === a ? m : d)),
    x.dtype,
  );
  // x viewed as (outer, n, inner): one row gather per outer block.
  for (let o = 0; o < outer; o++) {
    k.gatherRows(
      x.data.subarray(o * n * inner, (o + 1) * n * inner),
      inner,
      index,
      y.data.subarray(o * m * inner, (o + 1) * m * inner),
    );
  }
  if (needsGrad(x)) {
    attach(y, "gather", [x], (dy) => {
      prepareGrad(x, true);
      const dx = x.grad!.data;
      for (let o = 0; o < outer; o++) {
        const block = dy.data.subarray(o * m * inner, (o + 1) * m * inner);
        k.scatterAddRows(block, inner, index, dx.subarray(o * n * inner, (o + 1) * n * inner));
      }
    });
  }
  return y;
}

/** Validates indices (integers in [0, size)) and returns them as an Int32Array with their shape. */
function toIndex(op: string, indices: Indices, size: number): { index: Int32Array; shape: number[] } {
  const values: ArrayLike<number> =
    indices instanceof Tensor ? indices.data : ((indices as ArrayLike<number> | undefined) ?? []);
  if (!(indices instanceof Tensor) && !(indices instanceof Int32Array) && !Array.isArray(indices)) {
    throw new ShapeError(`${op}: indices must be a Tensor, an Int32Array or an array of integers`);
  }
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= size) {
      throw new ShapeError(`${op}: index ${v} at position ${i} is not an integer in [0, ${size})`);
    }
    index[i] = v;
  }
  return { index, shape: indices instanceof Tensor ? [...indices.shape] : [index.length] };
}
