import { describe, expect, it } from "vitest";
import { DspError } from "../../src/dsp/errors.js";
import { freqzSos } from "../../src/dsp/freqz-sos.js";
import { iirnotch } from "../../src/dsp/iirnotch.js";
import { notchCases } from "./fixtures/butter.js";
import { expectAllClose } from "./helpers/expect.js";

describe("iirnotch", () => {
  it.each(notchCases.map((c) => [`${c.f0} Hz, Q ${c.q}, fs ${c.fs}`, c] as const))(
    "equals scipy.signal.iirnotch within 1e-12: %s",
    (_, c) => {
      const sos = iirnotch(c.f0, c.q, c.fs);
      expect(sos).toHaveLength(1);
      expectAllClose(sos[0], c.sos[0], 1e-12);
    },
  );

  it("removes f0 completely, passes DC and Nyquist unchanged, and is -3 dB at f0 ± f0/(2Q)", () => {
    const sos = iirnotch(50, 25, 500);
    const r = freqzSos(sos, [50, 0, 250, 49, 51], 500);
    expect(r.magnitude[0]).toBeLessThan(1e-12);
    expect(r.magnitude[1]).toBeCloseTo(1, 12);
    expect(r.magnitude[2]).toBeCloseTo(1, 12);
    expect(r.magnitude[3]).toBeCloseTo(Math.SQRT1_2, 2);
    expect(r.magnitude[4]).toBeCloseTo(Math.SQRT1_2, 2);
  });

  it("rejects f0 outside (0, fs/2), Q <= 0 and a bad fs", () => {
    expect(() => iirnotch(60, 30, 100)).toThrow(
      "Expected a frequency inside (0, fs/2) = (0, 50) Hz for f0Hz but received 60",
    );
    expect(() => iirnotch(50, 0, 360)).toThrow("Expected a finite number > 0 for q but received 0");
    expect(() => iirnotch(50, 30, Number.NaN)).toThrow(DspError);
  });
});
