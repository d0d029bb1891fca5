import { describe, expect, it } from "vitest";
import { FeatureError, featureColumn, R_PEAK_FEATURES, rPeakFeatures } from "../../src/features/index.js";

const fs = 100;
// A flat signal with unit spikes at the R peaks: every R amplitude is 1 above a baseline of 0.
function spikes(length: number, peaks: number[], height = 1): Float32Array {
  const signal = new Float32Array(length);
  for (const p of peaks) signal[p] = height;
  return signal;
}

describe("rPeakFeatures", () => {
  // R peaks at 0.5, 1.5, 2.3, 3.3, 4.3 s: RR 1.0, 0.8, 1.0, 1.0 s
  const peaks = [50, 150, 230, 330, 430];
  const signal = spikes(500, peaks);
  const r = new Int32Array(peaks);

  it("returns one row per beat with the columns of R_PEAK_FEATURES", () => {
    const table = rPeakFeatures(signal, r, fs);
    expect(table.names).toEqual(R_PEAK_FEATURES);
    expect(table.beats).toBe(5);
    expect(table.values.length).toBe(5 * 7);
  });

  it("rrPre and rrPost are the intervals in seconds, the first beat's rrPre its rrPost and the last's rrPost its rrPre", () => {
    const table = rPeakFeatures(signal, r, fs);
    expect(Array.from(featureColumn(table, "rrPre"))).toEqual([1, 1, 0.8, 1, 1].map(Math.fround));
    expect(Array.from(featureColumn(table, "rrPost"))).toEqual([1, 0.8, 1, 1, 1].map(Math.fround));
  });

  it("rrLocal averages the rrPre of localBeats beats centred on the beat, shifted inside the record at its ends", () => {
    // rrPre = [1, 1, 0.8, 1, 1]; localBeats 3: windows [0,3), [0,3), [1,4), [2,5), [2,5)
    const table = rPeakFeatures(signal, r, fs, { localBeats: 3 });
    const want = [2.8 / 3, 2.8 / 3, 2.8 / 3, 2.8 / 3, 2.8 / 3];
    expect(Array.from(featureColumn(table, "rrLocal"))).toEqual(want.map((w) => expect.closeTo(w, 6)));
    // localBeats larger than the record: the record's mean everywhere
    const all = rPeakFeatures(signal, r, fs, { localBeats: 10 });
    for (const v of featureColumn(all, "rrLocal")) expect(v).toBeCloseTo(4.8 / 5, 6);
  });

  it("rrGlobal averages the rrPre of the beats within globalSeconds / 2", () => {
    // globalSeconds 2: beats within 1 s of each beat: beat 0 (0.5 s): beats 0-1; beat 2 (2.3 s): beats 2-3 (1.5 s is 0.8 s away: included too)
    const table = rPeakFeatures(signal, r, fs, { globalSeconds: 2 });
    const want = [(1 + 1) / 2, (1 + 1 + 0.8) / 3, (1 + 0.8 + 1) / 3, (0.8 + 1 + 1) / 3, (1 + 1) / 2];
    expect(Array.from(featureColumn(table, "rrGlobal"))).toEqual(want.map((w) => expect.closeTo(w, 6)));
  });

  it("rrPreRatio and rrPostRatio are rrPre and rrPost over rrLocal", () => {
    const table = rPeakFeatures(signal, r, fs, { localBeats: 3 });
    const local = featureColumn(table, "rrLocal");
    const ratios = (rr: number[]) => rr.map((v, i) => expect.closeTo(v / local[i], 5));
    expect(Array.from(featureColumn(table, "rrPreRatio"))).toEqual(ratios([1, 1, 0.8, 1, 1]));
    expect(Array.from(featureColumn(table, "rrPostRatio"))).toEqual(ratios([1, 0.8, 1, 1, 1]));
  });

  it("rAmplitude is the height of R above the median around it, negative for an inverted QRS", () => {
    const up = rPeakFeatures(spikes(500, peaks, 1.5), r, fs);
    for (const v of featureColumn(up, "rAmplitude")) expect(v).toBeCloseTo(1.5, 6);
    const offset = spikes(500, peaks, -2).map((v) => v + 0.25);
    for (const v of featureColumn(rPeakFeatures(offset, r, fs), "rAmplitude")) expect(v).toBeCloseTo(-2, 6);
  });

  it("throws a FeatureError naming the problem for bad input", () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => rPeakFeatures(signal, new Int32Array([50]), fs), /at least 2 R peaks, but rPeaks has 1/],
      [() => rPeakFeatures(signal, new Int32Array([150, 50]), fs), /strictly ascending/],
      [() => rPeakFeatures(signal, new Int32Array([50, 500]), fs), /rPeaks\[1\] = 500 is outside the signal/],
      [() => rPeakFeatures(signal, [50, 150] as unknown as Int32Array, fs), /Int32Array of sample indices/],
      [
        () => rPeakFeatures(new Float32Array([0, Number.NaN, 0]), new Int32Array([0, 2]), fs),
        /signal\[1\] is NaN.*fillMissing/,
      ],
      [() => rPeakFeatures(signal, r, 0), /sampling frequency/],
      [() => rPeakFeatures(signal, r, fs, { localBeats: 0 }), /localBeats/],
      [() => rPeakFeatures(signal, r, fs, { globalSeconds: -1 }), /globalSeconds/],
      [() => rPeakFeatures(signal, r, fs, { window: 3 } as never), /Unknown rPeakFeatures option "window"/],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(FeatureError);
      expect(call).toThrow(message);
    }
  });
});
