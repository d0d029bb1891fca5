import { describe, expect, it } from "vitest";
import { beatAnnotations } from "../../src/cli/beats.js";

describe("beatAnnotations", () => {
  it("marks each P wave with ( p ) and each beat with its symbol, in sample order, on one channel", () => {
    const marks = beatAnnotations(
      Int32Array.of(100, 400, 700),
      [{ onset: 60, peak: 70, offset: 80 }, null, { onset: 650, peak: 660, offset: 675 }],
      (beat) => (beat === 1 ? "V" : "N"),
      3,
    );
    expect(marks.map((a) => `${a.symbol}${a.sample}`)).toEqual([
      "(60",
      "p70",
      ")80",
      "N100",
      "V400",
      "(650",
      "p660",
      ")675",
      "N700",
    ]);
    expect(marks.every((a) => a.chan === 3 && a.subtype === 0 && a.num === 0 && a.aux === "")).toBe(true);
  });

  it("keeps sample order when a P wave starts before the previous beat", () => {
    const marks = beatAnnotations([100, 150], [null, { onset: 90, peak: 120, offset: 140 }], () => "N", 0);
    expect(marks.map((a) => a.sample)).toEqual([90, 100, 120, 140, 150]);
  });
});
