import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../src/simulate/random.js";
import { beatTimeline, type RhythmSpec } from "../../src/simulate/rhythm.js";

const base: RhythmSpec = {
  rhythm: "sinus",
  heartRate: 75,
  heartRateStd: 2,
  pvcFraction: 0,
  firstBeat: 0.5,
  end: 600,
};

function intervals(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]);
}

function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, sd };
}

describe("beatTimeline", () => {
  it("places ascending beats from firstBeat to before end", () => {
    const beats = beatTimeline(base, new SeededRandom(1));
    expect(beats[0].time).toBe(0.5);
    expect(beats[beats.length - 1].time).toBeLessThan(600);
    for (let i = 1; i < beats.length; i++) expect(beats[i].time).toBeGreaterThan(beats[i - 1].time);
  });

  it("gives sinus RR intervals with the mean of the heart rate and the requested variability", () => {
    const beats = beatTimeline(base, new SeededRandom(2));
    const { mean, sd } = meanSd(intervals(beats.map((b) => b.time)));
    expect(mean).toBeCloseTo(60 / 75, 2);
    // Requested heart-rate SD 2 bpm at 75 bpm is an RR SD of 60 * 2 / 75^2 = 21.3 ms.
    expect(sd).toBeGreaterThan(0.015);
    expect(sd).toBeLessThan(0.028);
  });

  it("gives irregular RR intervals in atrial fibrillation (coefficient of variation near 0.2)", () => {
    const beats = beatTimeline({ ...base, rhythm: "af", heartRate: 100 }, new SeededRandom(3));
    const { mean, sd } = meanSd(intervals(beats.map((b) => b.time)));
    expect(mean).toBeGreaterThan(0.55);
    expect(mean).toBeLessThan(0.65);
    expect(sd / mean).toBeGreaterThan(0.15);
    expect(sd / mean).toBeLessThan(0.25);
  });

  it("replaces about pvcFraction of beats by premature ventricular beats, never two in a row", () => {
    const beats = beatTimeline({ ...base, heartRateStd: 0, pvcFraction: 0.2 }, new SeededRandom(4));
    const ventricular = beats.filter((b) => b.kind === "V").length;
    expect(ventricular / beats.length).toBeGreaterThan(0.12);
    expect(ventricular / beats.length).toBeLessThan(0.22);
    for (let i = 1; i < beats.length; i++) {
      expect(beats[i].kind === "V" && beats[i - 1].kind === "V").toBe(false);
      expect(beats[i].rr).toBeCloseTo(beats[i].time - beats[i - 1].time, 10);
      // Premature: coupled at 60 % of the sinus RR, then a compensatory pause.
      if (beats[i].kind === "V") {
        expect(beats[i].rr).toBeCloseTo(0.6 * 0.8, 6);
        if (i + 1 < beats.length) expect(beats[i + 1].time - beats[i - 1].time).toBeCloseTo(1.6, 6);
      }
    }
  });

  it("is deterministic for a seed", () => {
    expect(beatTimeline(base, new SeededRandom(5))).toEqual(beatTimeline(base, new SeededRandom(5)));
  });
});
