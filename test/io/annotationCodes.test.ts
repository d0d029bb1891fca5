import { describe, expect, it } from "vitest";
import { ANNOTATION_LABELS, annotationCode, annotationSymbol } from "../../src/io/annotationCodes.js";

describe("annotation code table", () => {
  it("maps codes to WFDB's mnemonics and back", () => {
    for (const { code, symbol } of ANNOTATION_LABELS.filter((label) => label.code > 0)) {
      expect(annotationCode(symbol)).toBe(code);
      expect(annotationSymbol(code)).toBe(symbol);
    }
    expect([annotationSymbol(1), annotationSymbol(5), annotationSymbol(28), annotationSymbol(39)]).toEqual([
      "N",
      "V",
      "+",
      "(",
    ]);
  });

  it("names unassigned codes [n] and reads that form back", () => {
    expect(annotationSymbol(42)).toBe("[42]");
    expect(annotationCode("[42]")).toBe(42);
    expect(annotationCode("[50]")).toBeUndefined();
    expect(annotationCode("Z")).toBeUndefined();
  });
});
