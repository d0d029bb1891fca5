import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RecordError } from "../../src/io/errors.js";
import { looksLikeMat4, parseMat4 } from "../../src/io/mat4.js";
import { readRecordDigital } from "../../src/io/read.js";
import { dbDir, describeWithData, sample } from "../helpers/data.js";

/** A MAT v4 matrix: header (type, rows, cols, imagf, namlen), NUL-terminated name, data. */
function matrix(
  type: number,
  rows: number,
  cols: number,
  name: string,
  data: ArrayBufferView,
  bigEndian = false,
): Uint8Array {
  const head = new DataView(new ArrayBuffer(20));
  for (const [i, v] of [type, rows, cols, 0, name.length + 1].entries()) head.setInt32(4 * i, v, !bigEndian);
  const nameBytes = new TextEncoder().encode(`${name}\0`);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return Uint8Array.from([...new Uint8Array(head.buffer), ...nameBytes, ...body]);
}

describe("parseMat4", () => {
  it("reads an int16 matrix column-major, as CinC 2017 stores val (data at byte 24)", () => {
    const bytes = matrix(30, 2, 3, "val", Int16Array.from([1, -1, 2, -2, 3, -3]));
    expect(parseMat4(bytes).val).toEqual({
      kind: "numeric",
      class: "int16",
      dims: [2, 3],
      real: Int16Array.from([1, -1, 2, -2, 3, -3]),
      logical: false,
    });
  });

  it("reads several matrices, doubles and text", () => {
    const text = Float64Array.from([..."ab"].map((c) => c.charCodeAt(0)));
    const bytes = Uint8Array.from([
      ...matrix(0, 1, 2, "x", Float64Array.from([0.5, 2])),
      ...matrix(1, 1, 2, "t", text),
    ]);
    const variables = parseMat4(bytes);
    expect(variables.x).toMatchObject({ class: "double", real: Float64Array.from([0.5, 2]) });
    expect(variables.t).toEqual({ kind: "char", dims: [1, 2], rows: ["ab"] });
  });

  it("reads big-endian files", () => {
    const data = new DataView(new ArrayBuffer(4));
    data.setInt16(0, -300, false);
    data.setInt16(2, 7, false);
    expect(parseMat4(matrix(1030, 1, 2, "v", data, true)).v).toMatchObject({
      real: Int16Array.from([-300, 7]),
    });
  });

  it.each([
    [new Uint8Array(0), "empty MAT file"],
    [new Uint8Array(12), "truncated MAT v4 matrix header at byte 0"],
    [
      matrix(30, 1000, 1000, "val", new Int16Array(4)),
      "MAT v4 matrix at byte 0 needs 2000024 bytes but the file has 32 (truncated?)",
    ],
    [matrix(32, 1, 1, "s", new Float64Array(1)), "sparse MAT v4 matrices are not supported"],
    [
      Uint8Array.from({ length: 24 }, () => 0xff),
      "byte 0 does not start a MAT v4 matrix (unknown type code)",
    ],
  ])("throws a RecordError for bad files (%#)", (bytes, reason) => {
    expect(() => parseMat4(bytes, "x.mat")).toThrow(new RecordError("x.mat", reason));
  });
});

describeWithData("parseMat4 on PhysioNet files", () => {
  it("reads a103l.mat with the values the WFDB header's 16+24 layout gives", () => {
    const path = join(sample("wfdb_python"), "a103l");
    const val = parseMat4(new Uint8Array(readFileSync(`${path}.mat`))).val;
    expect(val).toMatchObject({ class: "int16", dims: [3, 82500] });
    const wfdb = readRecordDigital(path);
    const real = val.kind === "numeric" ? val.real : new Int16Array();
    for (let c = 0; c < 3; c++) {
      expect(Array.from({ length: 82500 }, (_, i) => real[c + 3 * i])).toEqual(Array.from(wfdb.signals[c]));
    }
  });

  it("recognises CinC 2017 files and reads val as 1 x N int16", () => {
    const bytes = new Uint8Array(readFileSync(join(dbDir("cinc2017"), "training2017", "A00001.mat")));
    expect(looksLikeMat4(bytes)).toBe(true);
    // First values as scipy.io.loadmat('A00001.mat')['val'][0, :5] prints them.
    expect(parseMat4(bytes).val).toMatchObject({
      dims: [1, 9000],
      real: expect.objectContaining({ 0: -127, 4: -245 }),
    });
  });
});
