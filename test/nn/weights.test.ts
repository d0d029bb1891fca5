import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Sequential } from "../../src/nn/container.js";
import { ModuleError, SafetensorsError } from "../../src/nn/errors.js";
import { Linear } from "../../src/nn/linear.js";
import { BatchNorm1d } from "../../src/nn/norm.js";
import { decodeSafetensors, encodeSafetensors } from "../../src/nn/safetensors.js";
import {
  decodeWeights,
  encodeWeights,
  loadWeights,
  saveWeights,
  VERSIONS_KEY,
} from "../../src/nn/weights.js";
import { Generator } from "../../src/tensor/index.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "efficientecg-weights-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const model = (seed: number) =>
  new Sequential(
    new Linear(3, 4, { generator: new Generator(seed) }),
    new BatchNorm1d(4),
    new Linear(4, 2, { generator: new Generator(seed + 1) }),
  );

describe("saveWeights / loadWeights", () => {
  it("round-trips every parameter and buffer bit-exactly and returns the metadata", () => {
    const source = model(1);
    (source.at(1) as BatchNorm1d).runningVar!.data.set([1, 2, 3, 4]);
    const path = join(dir, "m.safetensors");
    saveWeights(source, path, { epoch: "12" });
    const target = model(2);
    const result = loadWeights(target, path);
    expect(result.missingKeys).toEqual([]);
    expect(result.metadata.epoch).toBe("12");
    expect(result.metadata.format).toBe("pt");
    expect(JSON.parse(result.metadata[VERSIONS_KEY])).toEqual({ "": 1, "0": 1, "1": 2, "2": 1 });
    for (const [key, tensor] of Object.entries(source.stateDict()))
      expect(target.stateDict()[key].data, key).toEqual(tensor.data);
  });

  it("writes tensors under PyTorch's names, including BatchNorm's buffers", () => {
    const { tensors } = decodeSafetensors(encodeWeights(model(1)));
    expect([...tensors.keys()].sort()).toEqual(
      [
        "0.weight",
        "0.bias",
        "1.weight",
        "1.bias",
        "1.running_mean",
        "1.running_var",
        "1.num_batches_tracked",
        "2.weight",
        "2.bias",
      ].sort(),
    );
    expect(tensors.get("1.num_batches_tracked")!.dtype).toBe("F64");
  });

  it("loads a PyTorch-style file: no versions, no num_batches_tracked, float64 and float16 values", () => {
    const linear = new Linear(2, 1);
    const bytes = encodeSafetensors({
      weight: { dtype: "F64", shape: [1, 2], data: new Float64Array([0.25, -1]) },
      bias: { dtype: "F16", shape: [1], data: new Uint16Array([0x3e00]) },
    });
    decodeWeights(linear, bytes);
    expect([...linear.weight.data]).toEqual([0.25, -1]);
    expect(linear.bias!.data[0]).toBe(1.5);
    const bn = new BatchNorm1d(2);
    const bnFile = encodeSafetensors({
      weight: { dtype: "F32", shape: [2], data: new Float32Array([1, 2]) },
      bias: { dtype: "F32", shape: [2], data: new Float32Array([0, 0]) },
      running_mean: { dtype: "F32", shape: [2], data: new Float32Array([0.5, 0.5]) },
      running_var: { dtype: "F32", shape: [2], data: new Float32Array([2, 2]) },
    });
    expect(decodeWeights(bn, bnFile).missingKeys).toEqual([]);
    expect([...bn.runningMean!.data]).toEqual([0.5, 0.5]);
  });

  it("throws a ModuleError naming the file and every mismatched tensor", () => {
    const path = join(dir, "small.safetensors");
    saveWeights(new Linear(3, 4), path);
    const wrong = new Linear(3, 5);
    expect(() => loadWeights(wrong, path)).toThrow(ModuleError);
    expect(() => loadWeights(wrong, path)).toThrow(
      `${path}: Cannot load state dict into Linear:\n` +
        "  size mismatch for weight: checkpoint has shape [4, 3], the module has [5, 3]\n" +
        "  size mismatch for bias: checkpoint has shape [4], the module has [5]",
    );
  });

  it("throws a SafetensorsError naming the file for corrupt bytes or bad version metadata", () => {
    const path = join(dir, "bad.safetensors");
    const bytes = encodeWeights(new Linear(1, 1));
    writeFileSync(path, bytes.subarray(0, bytes.length - 2));
    expect(() => loadWeights(new Linear(1, 1), path)).toThrow(SafetensorsError);
    expect(() => loadWeights(new Linear(1, 1), path)).toThrow(
      new RegExp(`^${path}: tensor "bias": data_offsets \\[4, 8\\] out of range`),
    );
    const badVersions = encodeSafetensors(
      { weight: { dtype: "F32", shape: [1, 1], data: new Float32Array(1) } },
      { [VERSIONS_KEY]: "[1]" },
    );
    expect(() => decodeWeights(new Linear(1, 1, { bias: false }), badVersions, { source: "x.st" })).toThrow(
      `x.st: metadata "${VERSIONS_KEY}" must be a JSON object of class versions`,
    );
    expect(() => encodeWeights(new Linear(1, 1), { [VERSIONS_KEY]: "{}" })).toThrow(/is reserved/);
  });

  it("gives identical bytes for identical weights (files can be compared for determinism)", () => {
    expect(Buffer.from(encodeWeights(model(4))).equals(Buffer.from(encodeWeights(model(4))))).toBe(true);
    const path = join(dir, "a.safetensors");
    saveWeights(model(4), path);
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(encodeWeights(model(4))))).toBe(true);
  });
});
