import { existsSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { backendInfo, kernelsFor, setBackend, setNumThreads } from "../../src/tensor/backend.js";
import { BackendError } from "../../src/tensor/errors.js";
import type { Kernels } from "../../src/tensor/kernels/kernels.js";
import { referenceKernels } from "../../src/tensor/kernels/reference.js";
import { Tensor } from "../../src/tensor/tensor.js";

/** A fake backend: the reference kernels under another name, counting gemm calls. */
function countingKernels(): Kernels & { gemmCalls: number } {
  const fake = { ...referenceKernels, name: "counting", gemmCalls: 0 };
  fake.gemm = (...args: Parameters<Kernels["gemm"]>) => {
    fake.gemmCalls++;
    referenceKernels.gemm(...args);
  };
  return fake;
}

afterEach(() => {
  setBackend("reference");
});

describe("backend selection", () => {
  it("runs float32 ops on an injected kernels object and reports its name", () => {
    const fake = countingKernels();
    expect(setBackend(fake).name).toBe("counting");
    expect(backendInfo()).toMatchObject({ name: "counting", requestedBy: "setBackend" });
    Tensor.ones([2, 3]).matmul(Tensor.ones([3, 2]));
    expect(fake.gemmCalls).toBe(1);
  });

  it("always runs float64 on the reference kernels", () => {
    const fake = countingKernels();
    setBackend(fake);
    Tensor.ones([2, 3], { dtype: "float64" }).matmul(Tensor.ones([3, 2], { dtype: "float64" }));
    expect(fake.gemmCalls).toBe(0);
    expect(kernelsFor("float64")).toBe(referenceKernels);
  });

  it("fills the added kernels of an object that lacks them from the reference", () => {
    const {
      pow: _p,
      powBackward: _pb,
      clamp: _c,
      clampBackward: _cb,
      maskedFill: _m,
      ...contractOnly
    } = referenceKernels;
    setBackend({ ...contractOnly, name: "contract-only" });
    expect(Array.from(Tensor.from([2, 3]).pow(2).data)).toEqual([4, 9]);
  });

  it("leaves out fused kernels the object lacks (the ops compose them instead)", () => {
    const { batchNormAct: _f, batchNormActBackward: _fb, ...unfused } = referenceKernels;
    setBackend({ ...unfused, name: "unfused" });
    expect(kernelsFor("float32").batchNormAct).toBeUndefined();
    setBackend(referenceKernels);
    expect(typeof kernelsFor("float32").batchNormAct).toBe("function");
  });

  it("rejects an object missing contract kernels, listing them", () => {
    const { gemm: _g, conv1d: _c, ...partial } = referenceKernels;
    expect(() => setBackend({ ...partial, name: "partial" } as unknown as Kernels)).toThrow(
      new BackendError('kernels object "partial" lacks gemm, conv1d'),
    );
  });

  it("rejects an unknown backend name", () => {
    expect(() => setBackend("gpu" as "native")).toThrow(
      'Expected "reference", "native" or a kernels object for backend but received "gpu"',
    );
  });

  it("setNumThreads reports the threads in effect and validates its argument", () => {
    expect(setNumThreads(2)).toBe(1);
    expect(backendInfo().threads).toBe(1);
    expect(() => setNumThreads(0)).toThrow("Expected a positive integer for threads but received 0");
  });

  it("explains why native is not active when it cannot load", () => {
    let error: unknown;
    try {
      setBackend("native");
    } catch (e) {
      error = e;
    }
    if (error === undefined) {
      expect(backendInfo().name).toBe("native");
    } else {
      expect(error).toBeInstanceOf(BackendError);
      expect((error as Error).message).toMatch(/^native kernels (unavailable|failed the self-check)/);
    }
  });
});

describe("EFFICIENTECG_BACKEND", () => {
  /** Imports a fresh copy of the backend module with the variable set, and returns its first selection. */
  async function selectWith(value: string) {
    const saved = process.env.EFFICIENTECG_BACKEND;
    process.env.EFFICIENTECG_BACKEND = value;
    vi.resetModules();
    try {
      const fresh = await import("../../src/tensor/backend.js");
      return fresh.backendInfo();
    } finally {
      if (saved === undefined) delete process.env.EFFICIENTECG_BACKEND;
      else process.env.EFFICIENTECG_BACKEND = saved;
    }
  }

  it('"ts" forces the reference kernels', async () => {
    expect(await selectWith("ts")).toMatchObject({ name: "reference", requestedBy: "env" });
  });

  it('"native" gives native or a BackendError saying what was tried', async () => {
    try {
      expect(await selectWith("native")).toMatchObject({ name: "native", requestedBy: "env" });
    } catch (error) {
      expect((error as Error).message).toMatch(/^native kernels (unavailable|failed the self-check)/);
    }
  });

  it("an unknown value is a BackendError listing the valid ones", async () => {
    await expect(selectWith("gpu")).rejects.toThrow(
      'EFFICIENTECG_BACKEND must be "ts" or "native" (or unset for automatic) but is "gpu"',
    );
  });
});

describe("automatic fallback", () => {
  it("falls back to reference when native fails, says why in backendInfo and at most once on stderr", async () => {
    vi.resetModules();
    const built = existsSync(new URL("../../build", import.meta.url));
    vi.doMock("../../src/tensor/kernels/native.js", () => ({
      loadNativeKernels: () => {
        throw new Error("no addon at build/Release/efficientecg.node");
      },
      nativeBuildExists: () => built,
    }));
    const saved = process.env.EFFICIENTECG_BACKEND;
    delete process.env.EFFICIENTECG_BACKEND;
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const fresh = await import("../../src/tensor/backend.js");
      const info = fresh.backendInfo();
      expect(info).toMatchObject({
        name: "reference",
        requestedBy: "auto",
        nativeError: "native kernels unavailable: no addon at build/Release/efficientecg.node",
      });
      fresh.backendInfo();
      // The note is printed only where a node-gyp build folder says native was expected.
      const expectedNote = built ? 1 : 0;
      expect(writes.filter((w) => w.includes("using the TypeScript reference kernels"))).toHaveLength(
        expectedNote,
      );
    } finally {
      spy.mockRestore();
      vi.doUnmock("../../src/tensor/kernels/native.js");
      if (saved !== undefined) process.env.EFFICIENTECG_BACKEND = saved;
    }
  });
});
