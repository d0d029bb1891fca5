import { describe, expect, it } from "vitest";
import { matrixRows, parseMat } from "../../src/io/mat.js";
import type { MatNumeric } from "../../src/io/matTypes.js";
import { MAT5_COMPRESSED } from "./reference/mat5Fixtures.js";

describe("parseMat", () => {
  it("detects a v5 file", () => {
    expect(Object.keys(parseMat(new Uint8Array(Buffer.from(MAT5_COMPRESSED, "base64"))))).toContain("st");
  });

  it("detects a v4 file", () => {
    const bytes = new Uint8Array(24);
    new DataView(bytes.buffer).setInt32(0, 40, true); // uint16, 1 x 1
    new DataView(bytes.buffer).setInt32(4, 1, true);
    new DataView(bytes.buffer).setInt32(8, 1, true);
    new DataView(bytes.buffer).setInt32(16, 2, true);
    bytes.set([0x76, 0, 9, 0], 20);
    expect(parseMat(bytes).v).toMatchObject({ class: "uint16", real: Uint16Array.from([9]) });
  });

  it("explains that v7.3 (HDF5) files are not supported", () => {
    const bytes = new TextEncoder().encode(`MATLAB 7.3 MAT-file, Platform: GLNXA64${" ".repeat(100)}`);
    expect(() => parseMat(bytes, "new.mat")).toThrow("new.mat: MAT v7.3 (HDF5) files are not supported");
  });

  it("rejects other files", () => {
    expect(() => parseMat(new TextEncoder().encode("hello world, not a mat file"), "t.mat")).toThrow(
      "t.mat: not a MATLAB v4 or v5 file",
    );
  });
});

describe("matrixRows", () => {
  it("splits a column-major matrix into rows", () => {
    const value: MatNumeric = {
      kind: "numeric",
      class: "int16",
      dims: [2, 3],
      real: Int16Array.from([1, 4, 2, 5, 3, 6]),
      logical: false,
    };
    expect(matrixRows(value)).toEqual([Float64Array.from([1, 2, 3]), Float64Array.from([4, 5, 6])]);
  });

  it("refuses non-numeric values", () => {
    expect(() => matrixRows({ kind: "char", dims: [1, 1], rows: ["a"] }, "x")).toThrow(
      "x: expected a real 2-D numeric array but found char [1x1]",
    );
  });
});
