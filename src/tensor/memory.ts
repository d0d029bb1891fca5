/**
 * Tensor memory: reference-counted storages, a buffer pool keyed by (dtype, length), and the stack of open
 * scopes that records every tensor created inside `scope(fn)`.
 *
 * A buffer taken from the pool is NOT zeroed: every kernel writes its outputs completely (see kernels.ts),
 * and callers that need zeros fill them. A storage goes back to the pool when its last tensor is disposed.
 */
import { ConfigError, expected } from "../errors.js";
import { ShapeError } from "./errors.js";
import type { Buf } from "./kernels/kernels.js";

/** Element type of a tensor. float64 exists for finite-difference checks and runs on the reference kernels. */
export type DType = "float32" | "float64";

/** The memory shared by a tensor and its views (reshape, detach); released when `refs` drops to 0. */
export class Storage {
  refs = 1;
  constructor(readonly data: Buf) {}
}

/** What a scope needs to know about a tensor it recorded. */
export interface Tracked {
  readonly isDisposed: boolean;
  /** True when the tensor must outlive every scope (parameters, `keep()`-ed tensors). */
  readonly survivesScopes: boolean;
  dispose(): void;
}

const pools: Record<DType, Map<number, Buf[]>> = { float32: new Map(), float64: new Map() };
let pooledBytes = 0;
let pooledBuffers = 0;
let poolLimitBytes = 1024 * 1024 * 1024;
let hits = 0;
let misses = 0;
let liveTensors = 0;

/** Returns a buffer of `length` elements from the pool (contents arbitrary) or a new zeroed one. */
export function acquireBuffer(dtype: DType, length: number): Buf {
  const list = pools[dtype].get(length);
  if (list !== undefined && list.length > 0) {
    hits++;
    const buf = list.pop()!;
    pooledBytes -= buf.byteLength;
    pooledBuffers--;
    return buf;
  }
  misses++;
  try {
    return dtype === "float32" ? new Float32Array(length) : new Float64Array(length);
  } catch (error) {
    const bytes = length * (dtype === "float32" ? 4 : 8);
    throw new ShapeError(`cannot allocate a ${dtype} tensor of ${length} elements (${bytes} bytes)`, {
      cause: error,
    });
  }
}

/** Puts a buffer back into the pool (dropped for the garbage collector when the pool is full). */
export function releaseBuffer(buf: Buf): void {
  if (buf.length === 0 || pooledBytes + buf.byteLength > poolLimitBytes) return;
  const pool = buf instanceof Float32Array ? pools.float32 : pools.float64;
  let list = pool.get(buf.length);
  if (list === undefined) {
    list = [];
    pool.set(buf.length, list);
  }
  list.push(buf);
  pooledBytes += buf.byteLength;
  pooledBuffers++;
}

/** Sets the most bytes the pool keeps for reuse (default 1 GiB); returns the previous limit. */
export function setPoolLimit(bytes: number): number {
  if (!(Number.isFinite(bytes) && bytes >= 0)) {
    throw new ConfigError(`setPoolLimit: ${expected("a non-negative number of bytes", "bytes", bytes)}`);
  }
  const previous = poolLimitBytes;
  poolLimitBytes = bytes;
  if (pooledBytes > bytes) emptyPool();
  return previous;
}

/** Drops every pooled buffer (for the garbage collector to free). */
export function emptyPool(): void {
  pools.float32.clear();
  pools.float64.clear();
  pooledBytes = 0;
  pooledBuffers = 0;
}

/** Memory counters: live (not disposed) tensors, pooled buffers and bytes, pool hits and misses. */
export interface MemoryInfo {
  liveTensors: number;
  pooledBuffers: number;
  pooledBytes: number;
  poolLimitBytes: number;
  poolHits: number;
  poolMisses: number;
}

/** Returns the memory counters (liveTensors counts tensors created and not yet disposed). */
export function memoryInfo(): MemoryInfo {
  return {
    liveTensors,
    pooledBuffers,
    pooledBytes,
    poolLimitBytes,
    poolHits: hits,
    poolMisses: misses,
  };
}

/** Counts a tensor in or out of `liveTensors`. */
export function countTensor(delta: 1 | -1): void {
  liveTensors += delta;
}

const scopeStack: Tracked[][] = [];

/** Records a new tensor in the innermost open scope, if any. */
export function trackTensor(t: Tracked): void {
  if (scopeStack.length > 0) scopeStack[scopeStack.length - 1].push(t);
}

/** Opens a scope: tensors created from now on are recorded in it. */
export function openScope(): void {
  scopeStack.push([]);
}

/**
 * Closes the innermost scope: disposes every tensor it recorded except those in `keep` and those that survive
 * scopes; the kept ones move to the enclosing scope (if any) so that it releases them in its turn.
 */
export function closeScope(keep: ReadonlySet<Tracked>): void {
  const tracked = scopeStack.pop();
  if (tracked === undefined) return;
  const parent = scopeStack.length > 0 ? scopeStack[scopeStack.length - 1] : undefined;
  for (const t of tracked) {
    if (t.isDisposed || t.survivesScopes) continue;
    if (keep.has(t)) parent?.push(t);
    else t.dispose();
  }
}
