import { describe, expect, expectTypeOf, it } from "vitest";
import { EfficientEcgError } from "../../src/errors.js";
import * as library from "../../src/index.js";
import type { Annotation, EcgRecord, RecordError, WfdbHeader } from "../../src/io/index.js";

describe("the io public API (as agreed with the detection layer)", () => {
  it("exports the readers, parsers, writers and RecordError from the package index", () => {
    for (const name of [
      "parseHeader",
      "parseRecord",
      "parseAnnotations",
      "readRecord",
      "readRecordDigital",
      "readAnnotations",
      "readHeader",
      "readMat",
      "parseMat",
      "writeRecord",
      "writeAnnotations",
      "encodeAnnotations",
      "formatHeader",
      "RecordError",
      "readMitdb",
      "listLudb",
      "listCinc2017",
      "aamiClass",
    ]) {
      expect(library, name).toHaveProperty(name);
    }
  });

  it("gives RecordError the code ERR_RECORD, the file and the reason", () => {
    const error = new library.RecordError("100.dat", "truncated");
    expect(error).toBeInstanceOf(EfficientEcgError);
    expect([error.code, error.file, error.reason, error.message]).toEqual([
      "ERR_RECORD",
      "100.dat",
      "truncated",
      "100.dat: truncated",
    ]);
  });

  it("keeps the agreed shapes of EcgRecord, Annotation and the reader signatures", () => {
    expectTypeOf<EcgRecord>().toEqualTypeOf<{
      name: string;
      fs: number;
      length: number;
      leads: string[];
      units: string[];
      signals: Float32Array[];
      meta: { age?: number; sex?: "M" | "F"; comments: string[] };
      header: WfdbHeader;
    }>();
    expectTypeOf<Annotation>().toEqualTypeOf<{
      sample: number;
      symbol: string;
      subtype: number;
      chan: number;
      num: number;
      aux: string;
    }>();
    expectTypeOf(library.readRecord).toEqualTypeOf<
      (path: string, options?: { channels?: number[]; from?: number; to?: number }) => EcgRecord
    >();
    expectTypeOf(library.readAnnotations).toEqualTypeOf<(file: string) => Annotation[]>();
    expectTypeOf<RecordError["file"]>().toEqualTypeOf<string>();
    expectTypeOf<RecordError["reason"]>().toEqualTypeOf<string>();
  });
});
