import { describe, expect, it } from "vitest";
import {
  ConfigError,
  describe as describeValue,
  EfficientEcgError,
  expected,
  optionsProblem,
  unknownOptionMessage,
} from "../src/errors.js";

describe("errors", () => {
  it("subclasses carry their class name and stable code", () => {
    const error = new ConfigError("bad");
    expect(error).toBeInstanceOf(EfficientEcgError);
    expect(error.name).toBe("ConfigError");
    expect(error.code).toBe("ERR_CONFIG");
    expect(error.message).toBe("bad");
  });

  it("expected() formats 'Expected X for Y but received Z' with a short description of Z", () => {
    expect(expected("a number", "--fs", "abc")).toBe('Expected a number for --fs but received "abc"');
    expect(describeValue(new Float32Array(4))).toBe("Float32Array of length 4");
    expect(describeValue([1, 2])).toBe("array of length 2");
    expect(describeValue("x".repeat(80))).toBe(JSON.stringify(`${"x".repeat(57)}...`));
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue(null)).toBe("null");
    expect(describeValue({})).toBe("Object");
  });

  it("unknownOptionMessage names the first unknown key and the valid ones, or returns undefined", () => {
    expect(unknownOptionMessage({ method: 1 }, ["method"], "ecgPeaks")).toBeUndefined();
    expect(unknownOptionMessage({ method: 1, fs: 2, x: 3 }, ["method"], "ecgPeaks")).toBe(
      'Unknown ecgPeaks option "fs"; valid options are method',
    );
  });

  it("optionsProblem rejects a non-object or an array, then names an unknown key, or returns undefined", () => {
    expect(optionsProblem({ method: 1 }, ["method"], "ecgPeaks")).toBeUndefined();
    expect(optionsProblem([], ["method"], "ecgPeaks")).toBe(
      "Expected an options object for options but received array of length 0",
    );
    expect(optionsProblem(null, ["method"], "ecgPeaks")).toBe(
      "Expected an options object for options but received null",
    );
    expect(optionsProblem({ x: 1 }, ["method"], "ecgPeaks")).toBe(
      'Unknown ecgPeaks option "x"; valid options are method',
    );
  });
});
