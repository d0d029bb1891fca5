import { describe, expect, it } from "vitest";
import { referenceKernels } from "../../../src/tensor/kernels/reference.js";

describe("referenceKernels", () => {
  it("implements every kernel of the contract, the added ones and the fused ones", () => {
    const names = Object.keys(referenceKernels).filter((k) => k !== "name");
    expect(names.sort()).toEqual(
      [
        "setThreads",
        "unary",
        "unaryBackward",
        "binary",
        "affine",
        "axpy",
        "reduce",
        "copyStrided",
        "gatherRows",
        "scatterAddRows",
        "gemm",
        "conv1d",
        "conv1dBackwardInput",
        "conv1dBackwardWeight",
        "pool1d",
        "pool1dBackward",
        "batchNorm",
        "batchNormBackward",
        "layerNorm",
        "layerNormBackward",
        "softmax",
        "softmaxBackward",
        "pow",
        "powBackward",
        "clamp",
        "clampBackward",
        "maskedFill",
        "adamwStep",
        "batchNormAct",
        "batchNormActBackward",
        "conv1dAct",
        "conv1dGated",
        "conv1dGatedBackwardWeight",
        "rowScaleBackward",
        "lstmForward",
        "lstmBackward",
        "mbconvForward",
        "depthwiseNormAct",
        "depthwiseNormActBackward",
      ].sort(),
    );
    for (const name of names)
      expect(typeof (referenceKernels as unknown as Record<string, unknown>)[name]).toBe("function");
  });
  it("is single-threaded whatever is asked", () => {
    expect(referenceKernels.name).toBe("reference");
    expect(referenceKernels.setThreads(8)).toBe(1);
  });
});
