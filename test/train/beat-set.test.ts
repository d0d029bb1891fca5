import { describe, expect, it } from "vitest";
import { P_WAVE_FEATURES, R_PEAK_FEATURES } from "../../src/features/index.js";
import { buildBeatSet } from "../../src/train/index.js";
import { simulatedRecord } from "./helpers.js";

describe("buildBeatSet", () => {
  const records = [simulatedRecord("a", 1, 30), simulatedRecord("b", 2, 30)];
  const set = buildBeatSet(records, ["N", "V"]);

  it("holds one row per labelled beat of every record, with its record, class and metadata ids", () => {
    const beats = records.reduce((n, r) => n + r.beats.length, 0);
    expect(set.size).toBe(beats);
    expect(set.records).toEqual(["a", "b"]);
    expect(Array.from(set.labels)).toEqual([...records[0].labels, ...records[1].labels]);
    expect(set.recordOf[0]).toBe(0);
    expect(set.recordOf[set.size - 1]).toBe(1);
    expect(set.age[0]).toBe(4); // 31 years: 1 + decade 3
    expect(set.sex[0]).toBe(1); // seed 1: "M"
  });

  it("stores each beat's 256-sample window and 16-beat R-peak and P-wave sequences", () => {
    expect(set.window).toBe(256);
    expect(set.signals.length).toBe(set.size * 256);
    expect(set.rPeak.length).toBe(set.size * 16 * R_PEAK_FEATURES.length);
    expect(set.pWave.length).toBe(set.size * 16 * P_WAVE_FEATURES.length);
    // the window's R sample (index 90) is the beat's peak: taller than the window's median
    const row = set.signals.subarray(0, 256);
    const sorted = Float32Array.from(row).sort();
    expect(row[90]).toBeGreaterThan(sorted[128] + 0.3);
  });

  it("leaves out beats labelled -1 but keeps them in the rhythm features", () => {
    const record = simulatedRecord("c", 3, 30);
    const labels = Int32Array.from(record.labels, (label, i) => (i % 2 ? -1 : label));
    const half = buildBeatSet([{ ...record, labels }], ["N", "V"]);
    const all = buildBeatSet([record], ["N", "V"]);
    expect(half.size).toBe(Math.ceil(record.beats.length / 2));
    const width = 16 * R_PEAK_FEATURES.length;
    expect(Array.from(half.rPeak.subarray(width, 2 * width))).toEqual(
      Array.from(all.rPeak.subarray(2 * width, 3 * width)),
    );
  });
});
