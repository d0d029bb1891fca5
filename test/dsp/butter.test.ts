import { describe, expect, it } from "vitest";
import { butter, type FilterType } from "../../src/dsp/butter.js";
import { DspError } from "../../src/dsp/errors.js";
import { butterCases } from "./fixtures/butter.js";
import { expectAllClose } from "./helpers/expect.js";

describe("butter", () => {
  it.each(butterCases.map((c) => [`${c.type} order ${c.order} at ${c.cutoff} Hz, fs ${c.fs}`, c] as const))(
    "matches scipy.signal.butter(output='sos') within 1e-10: %s",
    (_, c) => {
      const cutoff =
        typeof c.cutoff === "number" ? c.cutoff : ([c.cutoff[0], c.cutoff[1]] as [number, number]);
      const sos = butter(c.order, cutoff, c.type as FilterType, c.fs);
      expect(sos.length).toBe(c.sos.length);
      sos.forEach((row, s) => {
        expect(row).toBeInstanceOf(Float64Array);
        expectAllClose(row, c.sos[s], 1e-10);
      });
    },
  );

  it("gives ceil(order / 2) sections for low/high-pass and order sections for band filters", () => {
    expect(butter(5, 10, "lowpass", 250)).toHaveLength(3);
    expect(butter(4, 10, "highpass", 250)).toHaveLength(2);
    expect(butter(3, [1, 10], "bandpass", 250)).toHaveLength(3);
    expect(butter(3, [1, 10], "bandstop", 250)).toHaveLength(3);
  });

  it("rejects a sampling rate that is not a finite positive number", () => {
    for (const fs of [0, -360, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => butter(2, 10, "lowpass", fs)).toThrow(DspError);
    }
    expect(() => butter(2, 10, "lowpass", 0)).toThrow(
      "Expected a finite sampling rate > 0 (Hz) for fs but received 0",
    );
  });

  it("rejects cut-offs outside (0, fs/2) and names the argument", () => {
    expect(() => butter(2, 180, "lowpass", 360)).toThrow(
      "Expected a frequency inside (0, fs/2) = (0, 180) Hz for cutoffHz but received 180",
    );
    expect(() => butter(2, 0, "highpass", 360)).toThrow("for cutoffHz but received 0");
    expect(() => butter(2, [0.5, 200], "bandpass", 360)).toThrow("for cutoffHz[1] but received 200");
    expect(() => butter(2, [-1, 20], "bandstop", 360)).toThrow("for cutoffHz[0] but received -1");
    expect(() => butter(2, Number.NaN, "lowpass", 360)).toThrow("for cutoffHz but received NaN");
  });

  it("rejects band edges that are not increasing, and the wrong cut-off shape for the type", () => {
    expect(() => butter(2, [40, 0.5], "bandpass", 360)).toThrow(
      "cutoffHz must be increasing ([lowHz, highHz]) but received [40, 0.5]",
    );
    expect(() => butter(2, 40, "bandpass", 360)).toThrow("Expected [lowHz, highHz] for cutoffHz");
    expect(() => butter(2, [1, 40], "lowpass", 360)).toThrow("Expected one cut-off frequency (Hz)");
  });

  it("rejects orders that are not integers in [1, 64]", () => {
    for (const order of [0, -1, 2.5, 65, Number.NaN]) {
      expect(() => butter(order, 10, "lowpass", 360)).toThrow(DspError);
    }
    expect(() => butter(0, 10, "lowpass", 360)).toThrow(
      "Expected an integer in [1, 64] for order but received 0",
    );
  });

  it("lists the valid types for an unknown one", () => {
    expect(() => butter(2, 10, "notch" as FilterType, 360)).toThrow(
      'Expected one of "lowpass", "highpass", "bandpass", "bandstop" for type but received "notch"',
    );
  });

  it("throws errors with code ERR_DSP", () => {
    try {
      butter(2, 10, "lowpass", -1);
      expect.unreachable();
    } catch (error) {
      expect((error as DspError).code).toBe("ERR_DSP");
      expect((error as DspError).name).toBe("DspError");
    }
  });
});
