import { describe, expect, it } from "vitest";
import { DspError } from "../../src/dsp/errors.js";
import {
  allFinite,
  checkChoice,
  checkFrequency,
  checkFs,
  checkInteger,
  checkOptions,
  checkPositive,
  checkSignal,
  finiteCopy,
} from "../../src/dsp/validate.js";

describe("validate", () => {
  it("checkFs accepts finite positive rates and names the argument otherwise", () => {
    expect(checkFs(360)).toBe(360);
    expect(() => checkFs(Number.POSITIVE_INFINITY, "fsIn")).toThrow(
      "Expected a finite sampling rate > 0 (Hz) for fsIn but received Infinity",
    );
    expect(() => checkFs("360" as unknown as number)).toThrow('for fs but received "360"');
  });

  it("checkFrequency requires 0 < f < fs/2", () => {
    expect(checkFrequency(10, 100, "f")).toBe(10);
    for (const f of [0, 50, -1, Number.NaN]) expect(() => checkFrequency(f, 100, "f")).toThrow(DspError);
  });

  it("checkInteger, checkPositive and checkChoice state the rule", () => {
    expect(() => checkInteger(3, "n", 1, 2)).toThrow("Expected an integer in [1, 2] for n but received 3");
    expect(() => checkInteger(1.5, "n", 0)).toThrow("Expected an integer >= 0 for n but received 1.5");
    expect(() => checkPositive(0, "q")).toThrow("Expected a finite number > 0 for q but received 0");
    expect(() => checkChoice("c" as "a" | "b", ["a", "b"], "m")).toThrow(
      'Expected one of "a", "b" for m but received "c"',
    );
  });

  it("checkSignal rejects non-arrays and empty signals", () => {
    expect(() => checkSignal(null as unknown as number[])).toThrow(
      "Expected a Float32Array signal for x but received null",
    );
    expect(() => checkSignal(new Float32Array(0))).toThrow("Expected a non-empty signal for x");
    expect(() => checkSignal(new BigInt64Array(2) as unknown as number[])).toThrow(
      "Expected a signal of numbers, not bigints for x but received BigInt64Array of length 2",
    );
  });

  it("finiteCopy copies into float64 with free padding, and names the first non-finite sample", () => {
    const copy = finiteCopy(Float32Array.of(1, 2), "x", 2);
    expect(Array.from(copy)).toEqual([0, 0, 1, 2, 0, 0]);
    expect(() => finiteCopy([0, 1, Number.NEGATIVE_INFINITY, Number.NaN], "sig")).toThrow(
      "sig[2] is -Infinity: the signal must be finite",
    );
    expect(() => finiteCopy([0, Number.NaN], "x")).toThrow("x[1] is NaN");
  });

  it("allFinite is false exactly when a sample is NaN or infinite", () => {
    expect(allFinite(Float32Array.of(0, 1, -2))).toBe(true);
    expect(allFinite([0, Number.NaN])).toBe(false);
    expect(allFinite([Number.POSITIVE_INFINITY, 0])).toBe(false);
    expect(allFinite([0, Number.NEGATIVE_INFINITY])).toBe(false);
  });

  it("checkOptions reports misspelled and unknown keys", () => {
    expect(checkOptions(undefined, ["order"], "f")).toEqual({});
    expect(() => checkOptions({ Order: 2 }, ["order"], "f")).toThrow(
      'Misspelled option "Order" of f should be "order"',
    );
    expect(() => checkOptions({ size: 2 }, ["order", "fs"], "f")).toThrow(
      'Unknown option "size" of f; valid options: order, fs',
    );
    expect(() => checkOptions(5 as unknown as object, ["order"], "f")).toThrow(
      "Expected an options object for the options of f but received 5",
    );
  });
});
