import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SafetensorsError } from "../../src/nn/errors.js";
import { loadSafetensors, saveSafetensors, writeFileAtomic } from "../../src/nn/safetensors-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "efficientecg-st-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("saveSafetensors / loadSafetensors", () => {
  it("round-trips tensors and metadata through a file and returns the byte count", () => {
    const path = join(dir, "w.safetensors");
    const written = saveSafetensors(
      path,
      { w: { dtype: "F32", shape: [2], data: new Float32Array([1, 2]) } },
      { epoch: "3" },
    );
    expect(written).toBe(readFileSync(path).length);
    const { tensors, metadata } = loadSafetensors(path);
    expect(metadata).toEqual({ epoch: "3" });
    expect([...tensors.get("w")!.data]).toEqual([1, 2]);
  });

  it("replaces an existing file and leaves no temporary files behind", () => {
    const path = join(dir, "w.safetensors");
    writeFileSync(path, "old contents");
    saveSafetensors(path, { w: { dtype: "F64", shape: [1], data: new Float64Array([5]) } });
    expect(readdirSync(dir)).toEqual(["w.safetensors"]);
    expect(loadSafetensors(path).tensors.get("w")!.data[0]).toBe(5);
  });

  it("keeps the old file intact when the new contents cannot be encoded", () => {
    const path = join(dir, "w.safetensors");
    writeFileSync(path, "old contents");
    expect(() =>
      saveSafetensors(path, { w: { dtype: "F32", shape: [3], data: new Float32Array(1) } }),
    ).toThrow(SafetensorsError);
    expect(readFileSync(path, "utf8")).toBe("old contents");
    expect(readdirSync(dir)).toEqual(["w.safetensors"]);
  });

  it("throws a SafetensorsError naming the file for a missing folder on write", () => {
    const path = join(dir, "missing", "w.safetensors");
    expect(() => writeFileAtomic(path, new Uint8Array(8))).toThrow(`${path}: could not write the file`);
  });

  it("throws naming the file when it is missing or corrupt", () => {
    const missing = join(dir, "nope.safetensors");
    expect(() => loadSafetensors(missing)).toThrow(`${missing}: could not read the file`);
    const corrupt = join(dir, "bad.safetensors");
    writeFileSync(corrupt, Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0x7b]));
    expect(() => loadSafetensors(corrupt)).toThrow(`${corrupt}: header is not valid JSON`);
  });
});
