import { describe, expect, it } from "vitest";
import { parseAnnotations } from "../../src/io/annotations.js";
import { RecordError } from "../../src/io/errors.js";

/** Little-endian bytes of 16-bit words. */
const words = (...values: number[]) => Uint8Array.from(values.flatMap((w) => [w & 0xff, w >> 8]));
const word = (code: number, datum: number) => (code << 10) | datum;

describe("parseAnnotations", () => {
  it("accumulates time deltas and maps codes to symbols", () => {
    expect(parseAnnotations(words(word(1, 10), word(5, 20), 0)).map((a) => [a.sample, a.symbol])).toEqual([
      [10, "N"],
      [30, "V"],
    ]);
  });

  it("adds a SKIP's 32-bit interval (high word first) to the next annotation's time", () => {
    const bytes = words(word(59, 0), 0x0001, 0x0002, word(1, 3), 0);
    expect(parseAnnotations(bytes)[0].sample).toBe(65536 + 2 + 3);
  });

  it("resets subtype and aux per annotation but carries chan and num over", () => {
    const bytes = words(word(1, 1), word(61, 0x3ff), word(62, 2), word(60, 7), word(1, 1), 0);
    const [first, second] = parseAnnotations(bytes);
    expect(first).toMatchObject({ subtype: -1, chan: 2, num: 7 });
    expect(second).toMatchObject({ subtype: 0, chan: 2, num: 7 });
  });

  it("reads aux text, skipping the pad byte of odd lengths and stopping at a NUL", () => {
    const aux = Uint8Array.from([word(1, 1) & 0xff, word(1, 1) >> 8, 3, 63 << 2, 0x28, 0x4e, 0x00, 0, 0, 0]);
    expect(parseAnnotations(aux)[0].aux).toBe("(N");
  });

  it("names unassigned codes [n] as WFDB does", () => {
    expect(parseAnnotations(words(word(15, 1), word(45, 1), 0)).map((a) => a.symbol)).toEqual([
      "[15]",
      "[45]",
    ]);
  });

  it("ends at a missing end word without error", () => {
    expect(parseAnnotations(words(word(1, 1)))).toHaveLength(1);
  });

  it.each([
    [new Uint8Array(0), "empty annotation file"],
    [Uint8Array.from([1]), "annotation file of 1 byte"],
    [Uint8Array.from([1, 4, 7]), "truncated at byte 2: a 16-bit word is cut off"],
    [words(word(1, 1), word(63, 10), 0x4141), "truncated in the 10-byte aux text at byte 4"],
    [words(word(59, 0), 0xffff, 0xfff0, word(1, 1), 0), "annotation 0 falls at negative sample -15"],
  ])("rejects malformed bytes (%#)", (bytes, reason) => {
    expect(() => parseAnnotations(bytes, "x.atr")).toThrow(new RecordError("x.atr", reason));
  });
});
