import { describe, expect, it } from "vitest";
import { bytesForSamples, FORMATS, samplesInBytes } from "../../src/io/formats.js";

describe("format table", () => {
  it("lists the ten WFDB binary formats with their sentinels", () => {
    expect([...FORMATS.keys()].sort((a, b) => a - b)).toEqual([8, 16, 24, 32, 61, 80, 160, 212, 310, 311]);
    expect(FORMATS.get(212)).toMatchObject({
      samplesPerGroup: 2,
      bytesPerGroup: 3,
      bits: 12,
      invalid: -2048,
    });
    expect(FORMATS.get(8)!.invalid).toBeUndefined();
  });

  it.each([
    [212, 0, 0],
    [212, 1, 2],
    [212, 2, 3],
    [212, 3, 5],
    [310, 1, 2],
    [310, 4, 6],
    [311, 2, 3],
    [311, 5, 7],
    [16, 3, 6],
    [24, 2, 6],
  ])("format %i: %i samples take %i bytes", (format, samples, bytes) => {
    const info = FORMATS.get(format)!;
    expect(bytesForSamples(info, samples)).toBe(bytes);
    expect(samplesInBytes(info, bytes)).toBe(samples);
  });

  it("counts only whole samples in a byte count", () => {
    expect(samplesInBytes(FORMATS.get(212)!, 4)).toBe(2);
    expect(samplesInBytes(FORMATS.get(16)!, 5)).toBe(2);
    expect(samplesInBytes(FORMATS.get(310)!, 3)).toBe(1);
    // Two 310 samples need both words (4 bytes), which also hold the third.
    expect(bytesForSamples(FORMATS.get(310)!, 2)).toBe(4);
  });
});
