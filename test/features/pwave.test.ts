import { describe, expect, it } from "vitest";
import { FeatureError, featureColumn, P_WAVE_FEATURES, pWaveFeatures } from "../../src/features/index.js";

const fs = 250;

describe("pWaveFeatures", () => {
  // A P wave on a sloped baseline: onset 10 (0.1 mV), peak 20 (0.5 mV), offset 30 (0.3 mV), R at 50.
  const signal = new Float32Array(100);
  signal[10] = 0.1;
  signal[20] = 0.5;
  signal[30] = 0.3;
  const rPeaks = new Int32Array([50, 90]);

  it("gives presence, onset-to-R and duration in seconds, and the amplitude above the onset-offset line", () => {
    const table = pWaveFeatures(signal, rPeaks, [{ onset: 10, peak: 20, offset: 30 }, null], fs);
    expect(table.names).toEqual(P_WAVE_FEATURES);
    expect(Array.from(featureColumn(table, "pPresent"))).toEqual([1, 0]);
    expect(featureColumn(table, "pOnsetToR")[0]).toBeCloseTo(40 / fs, 7);
    expect(featureColumn(table, "pDuration")[0]).toBeCloseTo(20 / fs, 7);
    // the line from (10, 0.1) to (30, 0.3) is 0.2 at sample 20: 0.5 - 0.2
    expect(featureColumn(table, "pAmplitude")[0]).toBeCloseTo(0.3, 6);
  });

  it("gives zeros for a beat without a P wave", () => {
    const table = pWaveFeatures(signal, rPeaks, [null, null], fs);
    expect(Array.from(table.values)).toEqual(new Array(8).fill(0));
  });

  it("throws a FeatureError for a P wave that is out of order or after its R peak, or a wrong count", () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => pWaveFeatures(signal, rPeaks, [null], fs), /an array of 2 P waves/],
      [
        () => pWaveFeatures(signal, rPeaks, [{ onset: 20, peak: 10, offset: 30 }, null], fs),
        /pWaves\[0\].*onset <= peak/,
      ],
      [
        () => pWaveFeatures(signal, rPeaks, [null, { onset: 60, peak: 70, offset: 95 }], fs),
        /its R peak \(90\)/,
      ],
      [
        () => pWaveFeatures(signal, rPeaks, [{ onset: 10.5, peak: 20, offset: 30 }, null], fs),
        /integer samples/,
      ],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(FeatureError);
      expect(call).toThrow(message);
    }
  });
});
