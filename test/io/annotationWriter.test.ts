import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Annotation } from "../../src/io/annotations.js";
import { parseAnnotations } from "../../src/io/annotations.js";
import { encodeAnnotations } from "../../src/io/annotationWriter.js";
import { describeWithData, sample } from "../helpers/data.js";

const beat = (sample: number, symbol = "N", extra: Partial<Annotation> = {}): Annotation => ({
  sample,
  symbol,
  subtype: 0,
  chan: 0,
  num: 0,
  aux: "",
  ...extra,
});

describeWithData("encodeAnnotations on real annotation files", () => {
  it.each([
    ["wfdb_c", "100s.atr"],
    ["wfdb_python", "100.qrs"],
  ])("re-encodes %s/%s byte for byte", (folder, file) => {
    const bytes = new Uint8Array(readFileSync(join(sample(folder), file)));
    expect(encodeAnnotations(parseAnnotations(bytes))).toEqual(bytes);
  });
});

describe("encodeAnnotations", () => {
  it("round-trips gaps over 1023 samples, subtypes, channels, numbers and aux text of odd and even length", () => {
    const annotations = [
      beat(0, "+", { aux: "(N" }),
      beat(5, "N", { num: 3 }),
      beat(2000, "V", { subtype: -1, chan: 1 }),
      beat(2000, "N", { chan: 0, num: -128 }),
      beat(5_000_000, "+", { aux: "(AFIB" }),
      beat(5_000_001, "~", { subtype: 127, chan: 255 }),
      beat(5_000_002, '"', { aux: "ünïcode" }),
    ];
    expect(parseAnnotations(encodeAnnotations(annotations))).toEqual(annotations);
  });

  it("round-trips a not-QRS (code 0) annotation without writing an end-of-file word", () => {
    const annotations = [beat(0, " "), beat(10, " "), beat(12, "N")];
    expect(parseAnnotations(encodeAnnotations(annotations))).toEqual(annotations);
  });

  it("writes an empty file as the end word alone", () => {
    expect(Array.from(encodeAnnotations([]))).toEqual([0, 0]);
    expect(parseAnnotations(encodeAnnotations([]))).toEqual([]);
  });

  it.each([
    [[beat(0, "Z")], 'annotation 0: unknown annotation symbol "Z"'],
    [[beat(10), beat(5)], "annotation 1: sample 5 comes before the previous annotation's 10"],
    [[beat(-1)], "annotation 0: sample must be an integer in 0..9007199254740991 but is -1"],
    [[beat(0, "N", { subtype: 200 })], "annotation 0: subtype must be an integer in -128..127 but is 200"],
    [[beat(0, "N", { chan: 256 })], "annotation 0: chan must be an integer in 0..255 but is 256"],
    [[beat(0, "N", { aux: "x".repeat(255) })], "annotation 0: aux text is 255 bytes; at most 254 fit"],
  ])("rejects bad annotations (%#)", (annotations, message) => {
    expect(() => encodeAnnotations(annotations, "out.atr")).toThrow(`out.atr: ${message}`);
  });
});
