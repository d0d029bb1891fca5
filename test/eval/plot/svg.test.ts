import { describe, expect, it } from "vitest";
import { escapeXml, num } from "../../../src/eval/plot/svg.js";

describe("SVG helpers", () => {
  it("escapeXml escapes markup characters and drops control characters XML forbids", () => {
    expect(escapeXml(`<a href="x">R&D's</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;");
    expect(escapeXml("(AFIB\u0000\u0007")).toBe("(AFIB");
    expect(escapeXml("tab\tand\nnewline")).toBe("tab\tand\nnewline");
  });

  it("num writes at most two decimals without trailing zeros or negative zero", () => {
    expect([num(12.5), num(3), num(-0.254), num(1 / 3), num(-0.001)]).toEqual([
      "12.5",
      "3",
      "-0.25",
      "0.33",
      "0",
    ]);
  });
});
