import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { ecgSimulate, type SimulateOptions } from "../../src/simulate/ecg-simulate.js";

const base: SimulateOptions = { durationS: 20, fs: 500, heartRate: 72, seed: 11 };

describe("ecgSimulate", () => {
  it("returns round(durationS * fs) samples and one P entry and beat kind per R peak", () => {
    const ecg = ecgSimulate({ ...base, durationS: 10.5, fs: 360 });
    expect(ecg.signal).toBeInstanceOf(Float32Array);
    expect(ecg.signal.length).toBe(3780);
    expect(ecg.fs).toBe(360);
    expect(ecg.pWaves.length).toBe(ecg.rPeaks.length);
    expect(ecg.beatKinds.length).toBe(ecg.rPeaks.length);
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const options = { ...base, noise: 0.02, baselineWander: 0.2, powerline: 0.05, pvcFraction: 0.1 };
    const a = ecgSimulate(options);
    const b = ecgSimulate(options);
    expect(a.signal).toEqual(b.signal);
    expect(a.rPeaks).toEqual(b.rPeaks);
    expect(a.pWaves).toEqual(b.pWaves);
    expect(ecgSimulate({ ...options, seed: 12 }).signal).not.toEqual(a.signal);
  });

  it("beats at the requested heart rate", () => {
    for (const heartRate of [40, 72, 150]) {
      const { rPeaks, fs } = ecgSimulate({ ...base, durationS: 60, heartRate });
      const meanRr = (rPeaks[rPeaks.length - 1] - rPeaks[0]) / (rPeaks.length - 1) / fs;
      expect(60 / meanRr).toBeGreaterThan(heartRate * 0.97);
      expect(60 / meanRr).toBeLessThan(heartRate * 1.03);
    }
  });

  it("places every R peak on the maximum of its beat and every P wave inside the signal before it", () => {
    for (const fs of [128, 250, 360, 500, 1000]) {
      const ecg = ecgSimulate({ ...base, fs });
      const { signal, rPeaks, pWaves } = ecg;
      const window = Math.round(0.15 * fs);
      rPeaks.forEach((r, i) => {
        for (let j = Math.max(0, r - window); j <= Math.min(signal.length - 1, r + window); j++) {
          expect(signal[j]).toBeLessThanOrEqual(signal[r]);
        }
        const p = pWaves[i]!;
        expect(p.onset).toBeGreaterThanOrEqual(0);
        expect(p.onset).toBeLessThan(p.peak);
        expect(p.peak).toBeLessThan(p.offset);
        expect(p.offset).toBeLessThan(r);
        if (i > 0) expect(p.onset).toBeGreaterThan(rPeaks[i - 1]);
      });
      expect(rPeaks[rPeaks.length - 1]).toBeLessThan(signal.length);
    }
  });

  it("draws P waves of the requested amplitude, inverted when it is negative", () => {
    const up = ecgSimulate({ ...base, pWaveAmplitude: 0.2 });
    const down = ecgSimulate({ ...base, pWaveAmplitude: -0.2 });
    const p = up.pWaves[3]!;
    const baseline = up.signal[p.onset];
    expect(up.signal[p.peak] - baseline).toBeGreaterThan(0.15);
    expect(down.signal[p.peak] - down.signal[p.onset]).toBeLessThan(-0.15);
  });

  it("has no P waves without pWaves, or in atrial fibrillation (which is irregular)", () => {
    expect(ecgSimulate({ ...base, pWaves: false }).pWaves.every((p) => p === null)).toBe(true);
    const af = ecgSimulate({ ...base, durationS: 60, rhythm: "af" });
    expect(af.pWaves.every((p) => p === null)).toBe(true);
    const rr = Array.from(af.rPeaks.slice(1), (r, i) => r - af.rPeaks[i]);
    const mean = rr.reduce((a, b) => a + b, 0) / rr.length;
    const sd = Math.sqrt(rr.reduce((a, b) => a + (b - mean) ** 2, 0) / rr.length);
    expect(sd / mean).toBeGreaterThan(0.1);
  });

  it("marks premature ventricular beats, which have no P wave", () => {
    const ecg = ecgSimulate({ ...base, durationS: 60, pvcFraction: 0.2 });
    const ventricular = ecg.beatKinds.filter((k) => k === "V").length;
    expect(ventricular).toBeGreaterThan(5);
    ecg.beatKinds.forEach((kind, i) => {
      expect(ecg.pWaves[i] === null).toBe(kind === "V");
    });
  });

  it("flips the whole signal with inverted, keeping the ground truth", () => {
    const up = ecgSimulate(base);
    const down = ecgSimulate({ ...base, inverted: true });
    expect(Array.from(down.signal)).toEqual(Array.from(up.signal, (v) => -v));
    expect(down.rPeaks).toEqual(up.rPeaks);
    expect(down.pWaves).toEqual(up.pWaves);
  });

  it("adds noise without moving the ground truth", () => {
    const clean = ecgSimulate(base);
    const noisy = ecgSimulate({ ...base, noise: 0.05 });
    expect(noisy.rPeaks).toEqual(clean.rPeaks);
    expect(noisy.pWaves).toEqual(clean.pWaves);
    let squares = 0;
    for (let i = 0; i < clean.signal.length; i++) squares += (noisy.signal[i] - clean.signal[i]) ** 2;
    expect(Math.sqrt(squares / clean.signal.length)).toBeCloseTo(0.05, 2);
  });

  it.each([
    [{ durationS: 0 }, "Expected a number of seconds in (0, 86400] for durationS but received 0"],
    [{ fs: 50 }, "Expected a sampling frequency in Hz between 100 and 10000 for fs but received 50"],
    [{ heartRate: Number.NaN }, "for heartRate but received NaN"],
    [{ seed: 1.5 }, "Expected an integer for seed but received 1.5"],
    [{ rhythm: "flutter" }, 'Expected "sinus" or "af" for rhythm but received "flutter"'],
    [{ noise: -1 }, "for noise but received -1"],
    [{ pWaves: 1 }, "Expected a boolean for pWaves but received 1"],
    [{ powerlineHz: 55 }, "Expected 50 or 60 for powerlineHz but received 55"],
    [{ fs: 100, powerline: 0.1, powerlineHz: 60 }, "powerlineHz 60 is above the Nyquist frequency"],
    [{ heartrate: 60 }, 'Unknown ecgSimulate option "heartrate"'],
  ])("rejects %o with a ConfigError naming the option", (bad, message) => {
    const call = () => ecgSimulate({ ...base, ...(bad as object) } as SimulateOptions);
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(message);
  });

  it("rejects a missing options object", () => {
    expect(() => ecgSimulate(undefined as unknown as SimulateOptions)).toThrow(
      "Expected an options object for ecgSimulate options but received undefined",
    );
  });
});
