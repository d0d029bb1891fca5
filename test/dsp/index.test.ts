import { describe, expect, expectTypeOf, it } from "vitest";
import type { EcgCleanOptions, FrequencyResponse, Sos, SosfiltResult } from "../../src/dsp/index.js";
import * as dsp from "../../src/dsp/index.js";
import { EfficientEcgError } from "../../src/errors.js";

describe("dsp public API", () => {
  it("exports every function of the layer", () => {
    const functions = [
      dsp.butter,
      dsp.ecgClean,
      dsp.ecgCleanSos,
      dsp.fillMissing,
      dsp.freqzSos,
      dsp.iirnotch,
      dsp.normalize,
      dsp.removeBaseline,
      dsp.resample,
      dsp.resamplePoly,
      dsp.runningMedian,
      dsp.sosfilt,
      dsp.sosfiltZi,
      dsp.sosfiltfilt,
    ];
    for (const fn of functions) expect(typeof fn).toBe("function");
    expect(
      Object.keys(dsp).filter((key) => typeof (dsp as Record<string, unknown>)[key] === "function"),
    ).toHaveLength(
      functions.length + 1, // + the DspError class
    );
    expect(new dsp.DspError("x")).toBeInstanceOf(EfficientEcgError);
  });

  it("has the documented signatures (type-level)", () => {
    expectTypeOf(dsp.butter).returns.toEqualTypeOf<Sos>();
    expectTypeOf(dsp.butter).parameter(2).toEqualTypeOf<"lowpass" | "highpass" | "bandpass" | "bandstop">();
    expectTypeOf(dsp.ecgClean).returns.toEqualTypeOf<Float32Array>();
    expectTypeOf(dsp.ecgClean).parameter(2).toEqualTypeOf<EcgCleanOptions | undefined>();
    expectTypeOf(dsp.sosfiltfilt).returns.toEqualTypeOf<Float32Array>();
    expectTypeOf(dsp.freqzSos).returns.toEqualTypeOf<FrequencyResponse>();
    expectTypeOf(dsp.normalize).parameter(1).toEqualTypeOf<"zscore" | "minmax" | "robust" | undefined>();
    expectTypeOf(dsp.removeBaseline).parameter(2).toEqualTypeOf<"highpass" | "median" | undefined>();
    // sosfilt: plain output without zi, { y, zf } with it.
    const sos = dsp.butter(2, 10, "lowpass", 100);
    expectTypeOf(dsp.sosfilt(sos, [1, 2])).toEqualTypeOf<Float32Array>();
    expectTypeOf(dsp.sosfilt(sos, [1, 2], [[0, 0]])).toEqualTypeOf<SosfiltResult>();
  });
});
