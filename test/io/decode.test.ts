import { describe, expect, it } from "vitest";
import { decodeRawInto, decodeStream } from "../../src/io/decode.js";
import { FORMATS, INVALID_DIGITAL } from "../../src/io/formats.js";

const decode = (format: number, bytes: number[], count: number) =>
  Array.from(decodeStream(Uint8Array.from(bytes), 0, FORMATS.get(format)!, count));

// Byte layouts from the WFDB signal(5) manual page; values worked out by hand.
describe("decodeStream", () => {
  it("reads 8-bit first differences as signed bytes", () => {
    expect(decode(8, [0x01, 0xff, 0x80], 3)).toEqual([1, -1, -128]);
  });

  it("reads 16-bit little-endian (16), big-endian (61) and offset binary (160) values", () => {
    expect(decode(16, [0x34, 0x12, 0xff, 0xff], 2)).toEqual([0x1234, -1]);
    expect(decode(61, [0x12, 0x34, 0xff, 0xfe], 2)).toEqual([0x1234, -2]);
    expect(decode(160, [0x00, 0x80, 0xff, 0xff], 2)).toEqual([0, 32767]);
  });

  it("reads 24- and 32-bit little-endian values", () => {
    expect(decode(24, [0x00, 0x00, 0x80, 0xff, 0xff, 0x7f], 2)).toEqual([INVALID_DIGITAL, 0x7fffff]);
    expect(decode(32, [0xfe, 0xff, 0xff, 0xff], 1)).toEqual([-2]);
  });

  it("reads 8-bit offset binary (80) values", () => {
    expect(decode(80, [0x80, 0xff, 0x01], 3)).toEqual([0, 127, -127]);
  });

  it("unpacks format 212: low nibble of the middle byte to sample 0, high nibble to sample 1", () => {
    expect(decode(212, [0x23, 0xf1, 0x45], 2)).toEqual([0x123, -(0x1000 - 0xf45)]);
    expect(decode(212, [0xff, 0x07, 0x00], 1)).toEqual([2047]);
  });

  it("unpacks format 310 (bits 1-10 of two words, third sample from their top bits)", () => {
    // x = 0b10101_0000000010_0 (sample 0 = 2), y = 0b00011_1111111111_0 (sample 1 = -1); sample 2 = 0b00011_10101.
    const x = (0b10101 << 11) | (2 << 1);
    const y = (0b00011 << 11) | (0x3ff << 1);
    expect(decode(310, [x & 0xff, x >> 8, y & 0xff, y >> 8], 3)).toEqual([2, -1, (0b0001110101 << 22) >> 22]);
  });

  it("unpacks format 311 (bits 0-9, 10-19, 20-29 of one word)", () => {
    const word = 5 | (0x3fe << 10) | (511 << 20);
    expect(decode(311, [word & 0xff, (word >> 8) & 0xff, (word >> 16) & 0xff, word >>> 24], 3)).toEqual([
      5, -2, 511,
    ]);
  });

  it("reads a final, incomplete group of the packed formats", () => {
    expect(decode(212, [0x10, 0x00], 1)).toEqual([16]);
    expect(decode(311, [0x03, 0x0c, 0x00], 2)).toEqual([3, 3]);
    expect(decode(310, [0x06, 0x00, 0x08, 0x00], 2)).toEqual([3, 4]);
  });

  it("maps each format's invalid sentinel to INVALID_DIGITAL", () => {
    expect(decode(16, [0x00, 0x80], 1)).toEqual([INVALID_DIGITAL]);
    expect(decode(212, [0x00, 0x08, 0x00], 1)).toEqual([INVALID_DIGITAL]);
    expect(decode(80, [0x00], 1)).toEqual([INVALID_DIGITAL]);
    expect(decode(311, [0x00, 0x02, 0x00, 0x00], 1)).toEqual([INVALID_DIGITAL]);
  });
});

describe("decodeRawInto", () => {
  it("keeps the sentinel as stored and writes from a byte offset", () => {
    const out = new Int32Array(2);
    decodeRawInto(Uint8Array.from([9, 0x00, 0x80, 0x01, 0x00]), 1, FORMATS.get(16)!, 2, out);
    expect(Array.from(out)).toEqual([-32768, 1]);
  });
});
