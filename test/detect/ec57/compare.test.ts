import { describe, expect, it } from "vitest";
import { EC57_CLASSES, ec57Compare, ec57Gross, ec57Rates } from "../../../src/detect/ec57/compare.js";
import { DetectError } from "../../../src/detect/errors.js";

const beats = (...samples: number[]) => samples.map((sample) => ({ sample, symbol: "N" }));
// The whole record, as far as sample 100000 (past every beat below but the learning-period tests).
const whole = { startS: 0, endSample: 100_000 };
// At 360 Hz the EC57 window of 150 ms is 54 samples and bxb's 5-minute start is sample 108000.
const FS = 360;

describe("ec57Compare: matching", () => {
  it("pairs identical beats and reports Se = +P = F1 = 1", () => {
    const r = ec57Compare(beats(1000, 2000, 3000), Int32Array.of(1000, 2000, 3000), FS, whole);
    expect([r.tp, r.fn, r.fp]).toEqual([3, 0, 0]);
    expect([r.se, r.ppv, r.f1]).toEqual([1, 1, 1]);
    expect(r.windowSamples).toBe(54);
  });

  it("matches a test beat exactly one window away but not one sample further", () => {
    const inside = ec57Compare(beats(1000), Int32Array.of(1054), FS, whole);
    expect([inside.tp, inside.fn, inside.fp]).toEqual([1, 0, 0]);
    const outside = ec57Compare(beats(1000), Int32Array.of(1055), FS, whole);
    expect([outside.tp, outside.fn, outside.fp]).toEqual([0, 1, 1]);
    expect(outside.missed).toEqual([1000]);
    expect(outside.extra).toEqual([1055]);
  });

  it("honours a narrower window (50 ms = 18 samples at 360 Hz)", () => {
    const r = ec57Compare(beats(1000, 2000), Int32Array.of(1018, 2019), FS, { ...whole, windowMs: 50 });
    expect([r.tp, r.fn, r.fp]).toEqual([1, 1, 1]);
  });

  it("computes Se, +P and F1 from the counts (3 of 4 reference beats found, 1 extra)", () => {
    const r = ec57Compare(beats(1000, 2000, 3000, 4000), Int32Array.of(1000, 2000, 2500, 3000), FS, whole);
    expect([r.tp, r.fn, r.fp]).toEqual([3, 1, 1]);
    expect(r.se).toBeCloseTo(0.75, 12);
    expect(r.ppv).toBeCloseTo(0.75, 12);
    expect(r.f1).toBeCloseTo(0.75, 12);
  });

  it("pairs each beat with its better partner when two beats fall in one window (bxb's 2002 rule)", () => {
    // The example of bxb.c's comment: window 37 samples, ref 96 and 160, test 128 and 185. The 1987 rule
    // missed ref 96 and counted test 128 as extra; the 2002 rule sees test 185 fits ref 160 better.
    const r = ec57Compare(beats(96, 160), Int32Array.of(128, 185), 1000, { ...whole, windowMs: 37 });
    expect([r.tp, r.fn, r.fp]).toEqual([2, 0, 0]);
  });

  it("ignores annotations that are not beats in the reference, and scores test beats on them as extra", () => {
    const reference = [
      { sample: 10, symbol: "+" },
      ...beats(1000),
      { sample: 1500, symbol: "|" }, // isolated QRS-like artifact: not a beat
      { sample: 1700, symbol: "~", subtype: 1 }, // noise in one signal: not a shutdown
      ...beats(2000),
    ];
    const r = ec57Compare(reference, Int32Array.of(1000, 1500, 2000), FS, whole);
    expect([r.tp, r.fn, r.fp]).toEqual([2, 0, 1]);
    expect(r.extra).toEqual([1500]);
  });

  it("files each pair in bxb's confusion matrix by AAMI class (a missed V beat is row V, column o)", () => {
    const reference = [
      { sample: 1000, symbol: "N" },
      { sample: 2000, symbol: "V" },
      { sample: 3000, symbol: "A" },
    ];
    const r = ec57Compare(reference, Int32Array.of(1000, 3000, 3500), FS, whole);
    const cell = (row: string, column: string) =>
      r.confusion[EC57_CLASSES.indexOf(row as never)][EC57_CLASSES.indexOf(column as never)];
    expect(cell("N", "N")).toBe(1);
    expect(cell("V", "O")).toBe(1);
    expect(cell("S", "N")).toBe(1);
    expect(cell("O", "N")).toBe(1);
    expect([r.tp, r.fn, r.fp]).toEqual([2, 1, 1]);
  });

  it("sorts its inputs and accepts test annotations as well as bare sample indices", () => {
    const r = ec57Compare(beats(3000, 1000, 2000), beats(2000, 1000, 3000), FS, whole);
    expect([r.tp, r.fn, r.fp]).toEqual([3, 0, 0]);
  });
});

describe("ec57Compare: the scored period", () => {
  it("starts 5 minutes in by default and ignores beats of the learning period in both files", () => {
    const r = ec57Compare(beats(1000, 50_000, 108_100, 108_500), Int32Array.of(2000, 108_100, 108_500), FS);
    expect(r.startSample).toBe(108_000);
    expect([r.tp, r.fn, r.fp]).toEqual([2, 0, 0]);
  });

  it("counts a test beat just before the start that matches the first scored reference beat", () => {
    const r = ec57Compare(beats(108_010, 109_000), Int32Array.of(107_990, 109_000), FS);
    expect([r.tp, r.fn, r.fp]).toEqual([2, 0, 0]);
  });

  it("drops, uncounted, a first test beat in the window after the start when the next one fits better", () => {
    const dropped = ec57Compare(beats(108_100), Int32Array.of(108_005, 108_090), FS);
    expect([dropped.tp, dropped.fn, dropped.fp]).toEqual([1, 0, 0]);
    // Beyond one window after the start the same situation is an ordinary extra beat.
    const counted = ec57Compare(beats(108_200), Int32Array.of(108_060, 108_190), FS);
    expect([counted.tp, counted.fn, counted.fp]).toEqual([1, 0, 1]);
  });

  it("scores extra test beats after the last reference beat only when the end of the record is given", () => {
    const open = ec57Compare(beats(1000), Int32Array.of(1000, 5000), FS, { startS: 0 });
    expect([open.tp, open.fp]).toEqual([1, 0]);
    const closed = ec57Compare(beats(1000), Int32Array.of(1000, 5000), FS, { startS: 0, endSample: 6000 });
    expect([closed.tp, closed.fp]).toEqual([1, 1]);
  });
});

describe("ec57Compare: ventricular flutter and shutdown", () => {
  const vf = [
    ...beats(1000),
    { sample: 2000, symbol: "[" },
    { sample: 2100, symbol: "!" },
    { sample: 2300, symbol: "!" },
    { sample: 3000, symbol: "]" },
    ...beats(4000),
  ];

  it("does not score flutter waves inside [ ] nor extra test beats there (record 207's episodes)", () => {
    const r = ec57Compare(vf, Int32Array.of(1000, 2150, 2600, 4000), FS, whole);
    expect([r.tp, r.fn, r.fp]).toEqual([2, 0, 0]);
  });

  it("still scores extra test beats outside the episode", () => {
    const r = ec57Compare(vf, Int32Array.of(1000, 1500, 3500, 4000), FS, whole);
    expect([r.tp, r.fn, r.fp]).toEqual([2, 0, 2]);
  });

  it("scores extra test beats during a reference shutdown as X pseudo-beats (still false positives)", () => {
    const reference = [
      ...beats(1000),
      { sample: 1500, symbol: "~", subtype: 0x30 }, // both signals unreadable
      { sample: 2500, symbol: "~", subtype: 0 },
      ...beats(3000),
    ];
    const r = ec57Compare(reference, Int32Array.of(1000, 2000, 3000), FS, whole);
    expect([r.tp, r.fn, r.fp]).toEqual([2, 0, 1]);
    expect(r.confusion[EC57_CLASSES.indexOf("X")][EC57_CLASSES.indexOf("N")]).toBe(1);
  });

  it("scores reference beats missed during a test shutdown as X (still false negatives)", () => {
    const test = [
      ...beats(1000),
      { sample: 1500, symbol: "~", subtype: 0x30 },
      { sample: 2500, symbol: "~", subtype: 0 },
      ...beats(3000),
    ];
    const r = ec57Compare(beats(1000, 2000, 3000), test, FS, whole);
    expect([r.tp, r.fn, r.fp]).toEqual([2, 1, 0]);
    expect(r.confusion[EC57_CLASSES.indexOf("N")][EC57_CLASSES.indexOf("X")]).toBe(1);
  });
});

describe("ec57Gross and ec57Rates", () => {
  it("sums counts over records before computing the rates (gross statistics)", () => {
    const g = ec57Gross([
      { tp: 90, fn: 10, fp: 0 },
      { tp: 10, fn: 0, fp: 10 },
    ]);
    expect([g.tp, g.fn, g.fp]).toEqual([100, 10, 10]);
    expect(g.se).toBeCloseTo(100 / 110, 12);
    expect(g.ppv).toBeCloseTo(100 / 110, 12);
  });

  it("returns NaN for rates without a denominator", () => {
    const r = ec57Rates({ tp: 0, fn: 0, fp: 0 });
    expect([r.se, r.ppv, r.f1].every(Number.isNaN)).toBe(true);
    const empty = ec57Compare([], new Int32Array(0), FS, whole);
    expect([empty.tp, empty.fn, empty.fp]).toEqual([0, 0, 0]);
  });
});

describe("ec57Compare: bad input", () => {
  it("rejects a bad sampling rate, window, start or end with a DetectError naming the argument", () => {
    expect(() => ec57Compare([], new Int32Array(0), 0)).toThrow(DetectError);
    expect(() => ec57Compare([], new Int32Array(0), 0)).toThrow(/for fs but received 0/);
    expect(() => ec57Compare([], new Int32Array(0), FS, { windowMs: 0 })).toThrow(/windowMs/);
    expect(() => ec57Compare([], new Int32Array(0), FS, { startS: -1 })).toThrow(/startS/);
    expect(() => ec57Compare([], new Int32Array(0), FS, { endSample: 10 })).toThrow(/before the start/);
  });

  it("rejects annotations without a valid sample index", () => {
    expect(() => ec57Compare([{ sample: -1, symbol: "N" }], new Int32Array(0), FS)).toThrow(
      /reference\[0\]\.sample/,
    );
    expect(() => ec57Compare("100.atr" as never, new Int32Array(0), FS)).toThrow(/array of annotations/);
  });
});
