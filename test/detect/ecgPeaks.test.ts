import { describe, expect, it } from "vitest";
import {
  DetectError,
  ec57Compare,
  ecgPeaks,
  ecgPeaksMultilead,
  PEAKS_FS_RANGE,
  QRS_METHODS,
  type QrsMethod,
} from "../../src/detect/index.js";
import { readAnnotations, readRecord } from "../../src/io/index.js";
import { ecgSimulate } from "../../src/simulate/index.js";
import { dbDir, describeWithData } from "../helpers/data.js";

describe("ecgPeaks", () => {
  it("detects every beat with each method at 128-1000 Hz, also inverted", () => {
    for (const method of QRS_METHODS) {
      for (const fs of [128, 250, 360, 500, 1000]) {
        const sim = ecgSimulate({ durationS: 40, fs, heartRate: 65, seed: 3, inverted: fs === 500 });
        const found = ecgPeaks(sim.signal, fs, { method });
        expect(found.length, `${method} at ${fs} Hz`).toBe(sim.rPeaks.length);
        found.forEach((p, i) => {
          expect(Math.abs(p - sim.rPeaks[i])).toBeLessThanOrEqual(0.02 * fs);
        });
      }
    }
  });

  it("gives the same peaks whatever the unit (mV, uV, V): every threshold is relative", () => {
    const sim = ecgSimulate({
      durationS: 30,
      fs: 360,
      heartRate: 75,
      seed: 12,
      noise: 0.05,
      pvcFraction: 0.1,
    });
    const inMv = Array.from(ecgPeaks(sim.signal, 360));
    for (const scale of [1000, 0.001]) {
      expect(
        Array.from(
          ecgPeaks(
            sim.signal.map((v) => v * scale),
            360,
          ),
        ),
      ).toEqual(inMv);
    }
  });

  it("uses efficientecg2026 by default and returns an ascending Int32Array", () => {
    const sim = ecgSimulate({ durationS: 20, fs: 360, heartRate: 90, seed: 8 });
    const found = ecgPeaks(sim.signal, 360);
    expect(found).toBeInstanceOf(Int32Array);
    expect(Array.from(found)).toEqual(Array.from(ecgPeaks(sim.signal, 360, { method: "efficientecg2026" })));
    for (let i = 1; i < found.length; i++) expect(found[i]).toBeGreaterThan(found[i - 1]);
  });

  it("returns no peaks for a flat line, a constant, an all-NaN lead or a very short signal", () => {
    for (const method of QRS_METHODS) {
      expect(ecgPeaks(new Float32Array(3600), 360, { method }).length).toBe(0);
      expect(ecgPeaks(new Float32Array(3600).fill(-1.5), 360, { method }).length).toBe(0);
      expect(ecgPeaks(new Float32Array(3600).fill(Number.NaN), 360, { method }).length).toBe(0);
      for (const n of [0, 1, 2, 5]) expect(ecgPeaks(new Float32Array(n), 360, { method }).length).toBe(0);
    }
  });

  it("bridges NaN gaps without losing the beats around them", () => {
    const sim = ecgSimulate({ durationS: 30, fs: 360, heartRate: 60, seed: 1 });
    const signal = Float32Array.from(sim.signal);
    signal.fill(Number.NaN, 10 * 360, 13 * 360);
    const found = ecgPeaks(signal, 360);
    const outsideGap = Array.from(sim.rPeaks).filter((r) => r < 10 * 360 - 36 || r > 13 * 360 + 36);
    for (const r of outsideGap) expect(found.some((p) => Math.abs(p - r) <= 7)).toBe(true);
    expect(Number.isNaN(signal[10 * 360])).toBe(true); // the caller's array is untouched
  });

  it("rejects bad arguments with a DetectError that says what was expected", () => {
    const ok = new Float32Array(1000);
    expect(() => ecgPeaks([1, 2, 3] as never, 360)).toThrow(
      new DetectError("Expected a Float32Array for signal but received array of length 3"),
    );
    expect(() => ecgPeaks(ok, 50)).toThrow(/between 100 and 2000 for fs but received 50/);
    expect(() => ecgPeaks(ok, Number.NaN)).toThrow(DetectError);
    expect(() => ecgPeaks(ok, 360, { method: "hamilton" as QrsMethod })).toThrow(
      'Unknown QRS method "hamilton"; valid methods are "efficientecg2026", "pantompkins1985"',
    );
    expect(() => ecgPeaks(ok, 360, { methd: "x" } as never)).toThrow(
      'Unknown ecgPeaks option "methd"; valid options are method',
    );
    expect(() => ecgPeaks(ok, 360, null as never)).toThrow(/options object/);
    expect(PEAKS_FS_RANGE).toEqual({ min: 100, max: 2000 });
  });
});

describe("ecgPeaksMultilead", () => {
  it("rejects missing, mistyped or unequal leads", () => {
    expect(() => ecgPeaksMultilead([], 360)).toThrow(/non-empty array of Float32Array leads/);
    expect(() => ecgPeaksMultilead([new Float32Array(10), new Float64Array(10) as never], 360)).toThrow(
      /signals\[1\]/,
    );
    expect(() => ecgPeaksMultilead([new Float32Array(10), new Float32Array(9)], 360)).toThrow(
      "signals[1] has 9 samples but signals[0] has 10; leads must have equal length",
    );
    expect(() => ecgPeaksMultilead([new Float32Array(10)], 5000)).toThrow(/fs/);
  });
});

describeWithData("ecgPeaks on MIT-BIH (EC57: from 5 min, 150 ms window)", () => {
  const score = (record: string, multilead = false, method: QrsMethod = "efficientecg2026") => {
    const dir = dbDir("mitdb");
    const rec = readRecord(`${dir}/${record}`);
    const found = multilead
      ? ecgPeaksMultilead(rec.signals, rec.fs)
      : ecgPeaks(rec.signals[0], rec.fs, { method });
    return ec57Compare(readAnnotations(`${dir}/${record}.atr`), found, rec.fs, { endSample: rec.length });
  };

  it("finds all 1902 scored beats of record 100 with no extra one", () => {
    const r = score("100");
    expect([r.tp, r.fn, r.fp]).toEqual([1902, 0, 0]);
  });

  it("recovers record 116's beats from lead V1 where lead MLII saturates (multi-lead)", () => {
    // npx tsx bench/qrs-mitdb/index.ts: 116 single lead FN 20, both leads FN 4.
    const single = score("116");
    const both = score("116", true);
    expect(single.fn).toBeGreaterThanOrEqual(15);
    expect(both.fn).toBeLessThanOrEqual(6);
    expect(both.fp).toBeLessThanOrEqual(single.fp + 1);
  });

  it("keeps Se and +P above 99 % on the noisy record 105 (Pan-Tompkins 1985 too)", () => {
    for (const method of QRS_METHODS) {
      const r = score("105", false, method);
      expect(r.se, method).toBeGreaterThan(0.99);
      expect(r.ppv, method).toBeGreaterThan(0.97);
    }
    expect(score("105").ppv).toBeGreaterThan(0.98);
  });
});
