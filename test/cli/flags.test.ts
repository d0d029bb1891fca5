import { describe, expect, it } from "vitest";
import { checkLeadExists, parseLead, parseNumber } from "../../src/cli/flags.js";
import { ConfigError } from "../../src/errors.js";

describe("flag values", () => {
  it("parseNumber reads finite numbers and names the flag and rule otherwise", () => {
    expect(parseNumber("2.5", "--noise")).toBe(2.5);
    expect(parseNumber("1e3", "--fs")).toBe(1000);
    for (const text of ["", "  ", "abc", "NaN", "Infinity"]) {
      expect(() => parseNumber(text, "--fs")).toThrow(ConfigError);
    }
    expect(() => parseNumber("x", "--fs")).toThrow('Expected a number for --fs but received "x"');
    const positive = (value: number) => value > 0;
    expect(parseNumber("3", "--window-ms", "a positive number", positive)).toBe(3);
    expect(() => parseNumber("0", "--window-ms", "a positive number", positive)).toThrow(
      'Expected a positive number for --window-ms but received "0"',
    );
  });

  it("parseLead accepts 0, 1, ... only", () => {
    expect(parseLead("0")).toBe(0);
    expect(parseLead("11")).toBe(11);
    for (const text of ["-1", "1.5", "", "one", "99999999999999999999"]) {
      expect(() => parseLead(text)).toThrow(/^Expected a lead index \(0, 1, \.\.\.\) for --lead/);
    }
  });

  it("checkLeadExists names the record and its leads", () => {
    expect(() => checkLeadExists(1, 2, "100")).not.toThrow();
    expect(() => checkLeadExists(2, 2, "100")).toThrow(
      new ConfigError("--lead 2 does not exist: 100 has leads 0 to 1"),
    );
  });
});
