import { describe, expect, it } from "vitest";
import { checkFs, checkOptions, checkSignal } from "../../src/detect/checks.js";
import { DetectError } from "../../src/detect/errors.js";

describe("detect argument checks", () => {
  it("checkSignal accepts a Float32Array and names anything else", () => {
    expect(() => checkSignal(new Float32Array(3), "signal")).not.toThrow();
    expect(() => checkSignal([1, 2, 3], "signals[1]")).toThrow(
      new DetectError("Expected a Float32Array for signals[1] but received array of length 3"),
    );
  });

  it("checkFs accepts the range's ends and states the range otherwise", () => {
    const range = { min: 100, max: 2000 };
    expect(() => checkFs(100, range)).not.toThrow();
    expect(() => checkFs(2000, range)).not.toThrow();
    for (const fs of [99, 2001, Number.NaN, "360"]) {
      expect(() => checkFs(fs, range)).toThrow(
        /^Expected a sampling frequency in Hz between 100 and 2000 for fs/,
      );
    }
  });

  it("checkOptions returns the options and names an unknown key, a non-object or an array", () => {
    const options = { method: "x" };
    expect(checkOptions(options, ["method"], "f")).toBe(options);
    expect(() => checkOptions({ methd: 1 }, ["method"], "f")).toThrow(
      'Unknown f option "methd"; valid options are method',
    );
    expect(() => checkOptions(null as unknown as object, ["method"], "f")).toThrow(
      "Expected an options object for options but received null",
    );
    expect(() => checkOptions([] as object, ["method"], "f")).toThrow(DetectError);
  });
});
