import { describe, expect, it } from "vitest";
import { beatAnnotations, leadBeats } from "../../src/cli/beats.js";
import { ecgDelineate, ecgPeaks } from "../../src/detect/index.js";
import { ecgClean } from "../../src/dsp/index.js";
import { RecordError } from "../../src/io/errors.js";
import { ecgSimulate } from "../../src/simulate/index.js";

const source = { record: "dir/rec.hea", lead: 1, leadName: "II" };

describe("leadBeats", () => {
  it("finds R peaks with ecgPeaks and P waves with ecgDelineate on the cleaned lead, as the front end does", () => {
    const { signal, fs } = ecgSimulate({ durationS: 20, fs: 360, heartRate: 70, seed: 3, noise: 0.01 });
    const rPeaks = ecgPeaks(signal, fs);
    expect(leadBeats(signal, fs, source)).toEqual({
      rPeaks,
      pWaves: ecgDelineate(ecgClean(signal, fs), rPeaks, fs),
    });
    const fixed = Int32Array.of(rPeaks[2], rPeaks[3]);
    expect(leadBeats(signal, fs, source, () => fixed).rPeaks).toBe(fixed);
  });

  it("turns a signal the front end cannot take into a RecordError naming the record and lead", () => {
    const nan = new Float32Array(3600).fill(Number.NaN);
    expect(() => leadBeats(nan, 360, source)).toThrow(RecordError);
    expect(() => leadBeats(nan, 360, source)).toThrow(
      /^dir\/rec\.hea: lead 1 \(II\): x has no valid sample: all 3600 samples are NaN or infinite$/,
    );
    const { signal } = ecgSimulate({ durationS: 20, fs: 360, heartRate: 70, seed: 3 });
    expect(() => leadBeats(signal, 50, source)).toThrow(
      "dir/rec.hea: lead 1 (II): Expected a sampling frequency in Hz between 100 and 2000 for fs but received 50",
    );
  });
});

describe("beatAnnotations", () => {
  it("marks each P wave with ( p ) and each beat with its symbol, in sample order, on one channel", () => {
    const marks = beatAnnotations(
      Int32Array.of(100, 400, 700),
      [{ onset: 60, peak: 70, offset: 80 }, null, { onset: 650, peak: 660, offset: 675 }],
      (beat) => (beat === 1 ? "V" : "N"),
      3,
    );
    expect(marks.map((a) => `${a.symbol}${a.sample}`)).toEqual([
      "(60",
      "p70",
      ")80",
      "N100",
      "V400",
      "(650",
      "p660",
      ")675",
      "N700",
    ]);
    expect(marks.every((a) => a.chan === 3 && a.subtype === 0 && a.num === 0 && a.aux === "")).toBe(true);
  });

  it("keeps sample order when a P wave starts before the previous beat", () => {
    const marks = beatAnnotations([100, 150], [null, { onset: 90, peak: 120, offset: 140 }], () => "N", 0);
    expect(marks.map((a) => a.sample)).toEqual([90, 100, 120, 140, 150]);
  });
});
