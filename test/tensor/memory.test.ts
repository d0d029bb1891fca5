import { describe, expect, it } from "vitest";
import {
  acquireBuffer,
  closeScope,
  emptyPool,
  memoryInfo,
  openScope,
  releaseBuffer,
  setPoolLimit,
  type Tracked,
  trackTensor,
} from "../../src/tensor/memory.js";

describe("buffer pool", () => {
  it("returns a released buffer of the same dtype and length", () => {
    emptyPool();
    const a = acquireBuffer("float32", 7);
    releaseBuffer(a);
    expect(memoryInfo()).toMatchObject({ pooledBuffers: 1, pooledBytes: 28 });
    expect(acquireBuffer("float64", 7)).not.toBe(a);
    expect(acquireBuffer("float32", 7)).toBe(a);
    expect(memoryInfo().pooledBuffers).toBe(0);
  });
  it("drops buffers beyond the limit and empties on request", () => {
    emptyPool();
    const previous = setPoolLimit(100);
    releaseBuffer(new Float64Array(10)); // 80 bytes: kept
    releaseBuffer(new Float64Array(10)); // would make 160: dropped
    expect(memoryInfo().pooledBytes).toBe(80);
    setPoolLimit(previous);
    emptyPool();
    expect(memoryInfo()).toMatchObject({ pooledBuffers: 0, pooledBytes: 0 });
    expect(() => setPoolLimit(-1)).toThrow(
      "Expected a non-negative number of bytes for bytes but received -1",
    );
  });
});

describe("scope bookkeeping", () => {
  const fake = (survives = false): Tracked & { disposed: boolean } => {
    const t = {
      disposed: false,
      survivesScopes: survives,
      get isDisposed() {
        return t.disposed;
      },
      dispose() {
        t.disposed = true;
      },
    };
    return t;
  };
  it("disposes recorded entries except kept and surviving ones; kept ones move to the parent scope", () => {
    openScope();
    const outerOwn = fake();
    trackTensor(outerOwn);
    openScope();
    const [dropped, kept, survivor] = [fake(), fake(), fake(true)];
    for (const t of [dropped, kept, survivor]) trackTensor(t);
    closeScope(new Set([kept]));
    expect([dropped.disposed, kept.disposed, survivor.disposed]).toEqual([true, false, false]);
    closeScope(new Set());
    expect([outerOwn.disposed, kept.disposed, survivor.disposed]).toEqual([true, true, false]);
  });
  it("records nothing outside a scope", () => {
    const t = fake();
    trackTensor(t);
    closeScope(new Set());
    expect(t.disposed).toBe(false);
  });
});
