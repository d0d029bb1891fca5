import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { RecordError } from "../../src/io/errors.js";
import { looksLikeMat5, parseMat5 } from "../../src/io/mat5.js";
import type { MatStruct } from "../../src/io/matTypes.js";
import { describeWithData, sample } from "../helpers/data.js";
import { MAT5_COMPRESSED, MAT5_PLAIN } from "./reference/mat5Fixtures.js";

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));

describe.each([
  ["uncompressed", MAT5_PLAIN],
  ["zlib-compressed", MAT5_COMPRESSED],
])("parseMat5 on a %s file written by scipy.io.savemat", (_, encoded) => {
  const variables = parseMat5(fromBase64(encoded), "fixture.mat");

  it("reads a 2-D double array column-major with MATLAB's dims", () => {
    expect(variables.d).toMatchObject({ kind: "numeric", class: "double", dims: [2, 3] });
    expect(variables.d).toMatchObject({ real: Float64Array.from([1.5, 4, -2, 5, 3.25, 6]) });
  });

  it("reads every integer class and single precision into the matching typed array", () => {
    const numeric = (name: string) => {
      const value = variables[name];
      if (value.kind !== "numeric") throw new Error(`${name} is ${value.kind}`);
      return value;
    };
    expect(numeric("s").real).toEqual(Float32Array.from([1.5, 2.5]));
    expect(numeric("i8").real).toEqual(Int8Array.from([-128, 127]));
    expect(numeric("u16")).toMatchObject({ dims: [2, 1], real: Uint16Array.from([65535, 1]) });
    expect(numeric("i64").real).toEqual(BigInt64Array.from([-(2n ** 40n), 2n ** 40n]));
    expect(numeric("u64").real).toEqual(BigUint64Array.from([2n ** 63n + 5n]));
  });

  it("reads complex and logical arrays", () => {
    expect(variables.z).toMatchObject({ real: Float64Array.from([1, -3]), imag: Float64Array.from([2, -4]) });
    expect(variables.b).toMatchObject({ class: "uint8", logical: true, real: Uint8Array.from([1, 0, 1]) });
  });

  it("reads char arrays as one string per row", () => {
    expect(variables.txt).toEqual({ kind: "char", dims: [1, 11], rows: ["ECG lead II"] });
    expect(variables.rows).toEqual({ kind: "char", dims: [2, 2], rows: ["ab", "cd"] });
  });

  it("reads cells and structs with their nested values", () => {
    expect(variables.c).toMatchObject({ kind: "cell", dims: [1, 2] });
    expect(variables.c.kind === "cell" && variables.c.elements[1]).toEqual({
      kind: "char",
      dims: [1, 1],
      rows: ["x"],
    });
    const st = variables.st as MatStruct;
    expect(st.fields).toEqual(["age", "sex", "data"]);
    expect(st.elements[0].age).toMatchObject({ class: "uint8", real: Uint8Array.from([52]) });
    expect(st.elements[0].data).toMatchObject({
      class: "int16",
      dims: [2, 3],
      real: Int16Array.from([0, 3, 1, 4, 2, 5]),
    });
  });
});

describeWithData("parseMat5 on the CPSC 2018 records", () => {
  it("reads each record's struct ECG with the age, sex and 12 x N size index.derived.csv lists", () => {
    const folder = sample("cpsc2018_mat_v5");
    const rows = readFileSync(join(folder, "index.derived.csv"), "utf8").trim().split(/\r?\n/).slice(1);
    expect(rows).toHaveLength(10);
    for (const [name, _fs, leads, samples, age, sex] of rows.map((row) => row.split(","))) {
      const ecg = parseMat5(new Uint8Array(readFileSync(join(folder, `${name}.mat`)))).ECG as MatStruct;
      const fields = ecg.elements[0];
      expect(fields.age, name).toMatchObject({ kind: "numeric", real: Float64Array.from([Number(age)]) });
      expect(fields.sex, name).toMatchObject({ kind: "char", rows: [sex] });
      expect(fields.data, name).toMatchObject({ class: "double", dims: [Number(leads), Number(samples)] });
    }
  });

  it("reads the data values scipy.io.loadmat reads", () => {
    // python3 -c "import scipy.io as s; d=s.loadmat('A1980.mat')['ECG']['data'][0,0]; print(d[0,:2], d[11,-1], d.sum())"
    const ecg = parseMat5(new Uint8Array(readFileSync(join(sample("cpsc2018_mat_v5"), "A1980.mat"))))
      .ECG as MatStruct;
    const data = ecg.elements[0].data;
    if (data.kind !== "numeric") throw new Error("data is not numeric");
    expect([data.real[0], data.real[12]]).toEqual([0.20186720825056673, 0.30080436975855995]);
    expect(data.real[data.real.length - 1]).toBe(-0.027941934698604735);
    expect((data.real as Float64Array).reduce((a, b) => a + b, 0)).toBeCloseTo(0.4048703976139336, 9);
  });
});

describe("parseMat5 on bad input", () => {
  const header = (mark = "IM") => {
    const bytes = new Uint8Array(128).fill(0x20);
    bytes.set([0x00, 0x01], 124);
    bytes.set([mark.charCodeAt(0), mark.charCodeAt(1)], 126);
    return bytes;
  };
  const tag = (type: number, size: number) => Uint8Array.from([type, 0, 0, 0, size & 0xff, size >> 8, 0, 0]);
  const join8 = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

  it("recognises v5 headers in both byte orders", () => {
    expect(looksLikeMat5(header())).toBe(true);
    const bigEndian = header("MI");
    bigEndian.set([0x01, 0x00], 124);
    expect(looksLikeMat5(bigEndian)).toBe(true);
    expect(looksLikeMat5(new Uint8Array(10))).toBe(false);
  });

  it.each([
    [
      join8(header(), tag(14, 200)),
      "data element at byte 128 needs 200 bytes but only 0 remain (truncated?)",
    ],
    [join8(header(), tag(15, 4), Uint8Array.from([1, 2, 3, 4])), "compressed element does not inflate"],
    [join8(header(), tag(9, 8), new Uint8Array(8)), "top-level data element of type 9 is not a matrix"],
    [
      join8(header(), tag(14, 16), tag(6, 8), Uint8Array.from([5, 0, 0, 0, 0, 0, 0, 0])),
      "data element tag at byte 16 is cut off",
    ],
    [
      join8(header(), tag(14, 24), tag(6, 8), Uint8Array.from([6, 0, 0, 0, 0, 0, 0, 0]), tag(5, 0)),
      "dimensions element is malformed",
    ],
  ])("throws a RecordError for malformed elements (%#)", (bytes, reason) => {
    expect(() => parseMat5(bytes, "bad.mat")).toThrow(RecordError);
    expect(() => parseMat5(bytes, "bad.mat")).toThrow(reason);
  });

  it("refuses sparse arrays by name", () => {
    const flags = join8(tag(6, 8), Uint8Array.from([5, 0, 0, 0, 0, 0, 0, 0]));
    const dims = join8(tag(5, 8), Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0]));
    const name = Uint8Array.from([1, 0, 1, 0, 0x78, 0, 0, 0]);
    const body = join8(flags, dims, name);
    const compressed = new Uint8Array(deflateSync(join8(tag(14, body.length), body)));
    const bytes = join8(header(), tag(15, compressed.length), compressed);
    expect(() => parseMat5(bytes)).toThrow('array "x" has unsupported class sparse');
  });
});
