import { describe, expect, it } from "vitest";
import { butter } from "../../src/dsp/butter.js";
import { DspError } from "../../src/dsp/errors.js";
import { freqzSos } from "../../src/dsp/freqz-sos.js";
import { type PadType, sosfiltfilt } from "../../src/dsp/sosfiltfilt.js";
import { indices, signalLength, sosfiltfiltCases } from "./fixtures/filters.js";
import { expectMatchesSummary } from "./helpers/expect.js";
import { designOf, nameOf } from "./helpers/fixtures.js";
import { sine, testEcgLike } from "./helpers/signals.js";

describe("sosfiltfilt", () => {
  it.each(sosfiltfiltCases.map((c) => [`${nameOf(c)} ${JSON.stringify(c.options)}`, c] as const))(
    "matches scipy.signal.sosfiltfilt within 1e-6 relative: %s",
    (_, c) => {
      const options = c.options as { padtype: PadType; padlen?: number };
      const y = sosfiltfilt(designOf(c), testEcgLike(signalLength, c.fs), options);
      expect(y).toBeInstanceOf(Float32Array);
      expect(y).toHaveLength(signalLength);
      expectMatchesSummary(y, indices, c, 1e-6);
    },
  );

  it("has zero phase: a pass-band sine comes out scaled by |H|^2 with no shift", () => {
    const fs = 360;
    const sos = butter(4, 40, "lowpass", fs);
    const x = sine(3600, fs, 10);
    const y = sosfiltfilt(sos, x);
    const gain = freqzSos(sos, [10], fs).magnitude[0] ** 2;
    for (let i = 200; i < 3400; i++) expect(Math.abs(y[i] - gain * x[i])).toBeLessThan(1e-5);
  });

  it("rejects a signal not longer than padlen, as scipy does, and says what to change", () => {
    const sos = butter(2, [0.5, 40], "bandpass", 360);
    expect(() => sosfiltfilt(sos, new Float32Array(15))).toThrow(
      'x has 15 samples but sosfiltfilt needs more than padlen = 15: pass a longer signal, a smaller padlen, or padtype: "none"',
    );
    expect(sosfiltfilt(sos, new Float32Array(16))).toHaveLength(16);
    expect(sosfiltfilt(sos, new Float32Array(3), { padtype: "none" })).toHaveLength(3);
  });

  it("rejects an unknown padtype, a bad padlen, NaN samples and an empty signal", () => {
    const sos = butter(2, 10, "lowpass", 100);
    const x = new Float32Array(100);
    expect(() => sosfiltfilt(sos, x, { padtype: "reflect" as PadType })).toThrow(
      'Expected one of "odd", "even", "constant", "none" for padtype but received "reflect"',
    );
    expect(() => sosfiltfilt(sos, x, { padlen: -1 })).toThrow("Expected an integer >= 0 for padlen");
    expect(() => sosfiltfilt(sos, x, { padlen: 2.5 })).toThrow(DspError);
    x[40] = Number.NaN;
    expect(() => sosfiltfilt(sos, x)).toThrow("x[40] is NaN");
    expect(() => sosfiltfilt(sos, new Float32Array(0))).toThrow("Expected a non-empty signal for x");
  });
});
