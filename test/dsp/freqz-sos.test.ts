import { describe, expect, it } from "vitest";
import { butter, type FilterType } from "../../src/dsp/butter.js";
import { DspError } from "../../src/dsp/errors.js";
import { freqzSos } from "../../src/dsp/freqz-sos.js";
import { responseCases, responseFrequencies } from "./fixtures/butter.js";
import { expectAllClose } from "./helpers/expect.js";

describe("freqzSos", () => {
  it.each(responseCases.map((c) => [`${c.type} order ${c.order} at ${c.cutoff} Hz, fs ${c.fs}`, c] as const))(
    "matches scipy.signal.sosfreqz within 1e-10: %s",
    (_, c) => {
      const cutoff =
        typeof c.cutoff === "number" ? c.cutoff : ([c.cutoff[0], c.cutoff[1]] as [number, number]);
      const r = freqzSos(butter(c.order, cutoff, c.type as FilterType, c.fs), responseFrequencies, c.fs);
      expectAllClose(r.re, c.re, 1e-10);
      expectAllClose(r.im, c.im, 1e-10);
      expectAllClose(
        r.magnitude,
        c.re.map((re, i) => Math.hypot(re, c.im[i])),
        1e-10,
      );
    },
  );

  it("gives a Butterworth gain of 1/sqrt(2) (-3 dB) at the cut-off", () => {
    const r = freqzSos(butter(4, 40, "lowpass", 360), [40], 360);
    expect(r.magnitude[0]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it("returns the phase as atan2(im, re) and echoes the frequencies", () => {
    const r = freqzSos(butter(2, 10, "lowpass", 100), [5, 10], 100);
    expect(Array.from(r.frequencies)).toEqual([5, 10]);
    expect(r.phase[1]).toBeCloseTo(-Math.PI / 2, 12);
    expect(r.phase[0]).toBeCloseTo(Math.atan2(r.im[0], r.re[0]), 15);
  });

  it("rejects non-finite frequencies, a bad fs and malformed sections", () => {
    const sos = butter(2, 10, "lowpass", 100);
    expect(() => freqzSos(sos, [1, Number.NaN], 100)).toThrow(
      "Expected a finite frequency (Hz) for frequenciesHz[1] but received NaN",
    );
    expect(() => freqzSos(sos, [1], 0)).toThrow(DspError);
    expect(() => freqzSos([[1, 0, 0, 1, 0]], [1], 100)).toThrow("Expected 6 coefficients");
    expect(() => freqzSos([[1, 0, 0, 2, 0, 0]], [1], 100)).toThrow("sos[0][3] (a0) is 2 but must be 1");
    expect(() => freqzSos([[1, Number.NaN, 0, 1, 0, 0]], [1], 100)).toThrow(
      "sos[0][1] is NaN: filter coefficients must be finite numbers",
    );
  });
});
