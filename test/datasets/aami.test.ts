import { describe, expect, it } from "vitest";
import { AAMI_CLASSES, AAMI_MAP, aamiClass } from "../../src/datasets/aami.js";

describe("aamiClass", () => {
  it("maps the EC57 beat symbols to their classes", () => {
    const grouped: Record<string, string[]> = {};
    for (const [symbol, aami] of Object.entries(AAMI_MAP)) (grouped[aami] ??= []).push(symbol);
    expect(grouped).toEqual({
      N: ["N", "L", "R", "e", "j"],
      S: ["A", "a", "J", "S"],
      V: ["V", "E"],
      F: ["F"],
      Q: ["/", "f", "Q"],
    });
    expect(AAMI_CLASSES).toEqual(["N", "S", "V", "F", "Q"]);
  });

  it("excludes non-beat annotations", () => {
    for (const symbol of ["+", "~", "|", "x", "!", "[", "]", '"', "(", ")", "p", "t", "toString", ""]) {
      expect(aamiClass(symbol), symbol).toBeUndefined();
    }
  });
});
