/** Batches of a beat set as EfficientECG's input tensors, and seeded shuffling. */
import type { EfficientEcgInput } from "../models/index.js";
import { type Generator, Tensor } from "../tensor/index.js";
import type { BeatSet } from "./beat-set.js";

/** Returns the beats `indices` of the set as model inputs (signal (n, 1, window), sequences, ids). */
export function batchInput(set: BeatSet, indices: ArrayLike<number>): Required<EfficientEcgInput> {
  const n = indices.length;
  const take = (values: Float32Array | Int32Array, width: number) => {
    const out = new Float32Array(n * width);
    for (let i = 0; i < n; i++) {
      const row = indices[i];
      for (let j = 0; j < width; j++) out[i * width + j] = values[row * width + j];
    }
    return out;
  };
  const rWidth = set.rPeak.length / set.size;
  const pWidth = set.pWave.length / set.size;
  return {
    signal: Tensor.from(take(set.signals, set.window), [n, 1, set.window]),
    rPeak: Tensor.from(take(set.rPeak, rWidth), [n, set.steps, rWidth / set.steps]),
    pWave: Tensor.from(take(set.pWave, pWidth), [n, set.steps, pWidth / set.steps]),
    age: Tensor.from(take(set.age, 1), [n]),
    sex: Tensor.from(take(set.sex, 1), [n]),
  };
}

/** Returns the labels of the beats `indices`. */
export function batchLabels(set: BeatSet, indices: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: indices.length }, (_, i) => set.labels[indices[i]]);
}

/** Returns 0..n-1 in an order drawn from the generator (Fisher-Yates). */
export function shuffled(n: number, generator: Generator): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(generator.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Returns consecutive slices of `order`, `size` long (the last may be shorter). */
export function* slices(order: Int32Array, size: number): IterableIterator<Int32Array> {
  for (let at = 0; at < order.length; at += size) yield order.subarray(at, Math.min(order.length, at + size));
}
