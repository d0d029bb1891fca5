import { describe, expect, it } from "vitest";
import { BEAT_SYMBOLS, bxbBeatClass, isBeatSymbol } from "../../../src/detect/ec57/labels.js";

describe("beat labels (WFDB isqrs and bxb's amap)", () => {
  it("counts exactly the 20 symbols of WFDB's isqrs table as beats", () => {
    expect([...BEAT_SYMBOLS].sort().join("")).toBe([..."NLRBAaJSejnVrEFQ/f?!"].sort().join(""));
    for (const symbol of BEAT_SYMBOLS) expect(isBeatSymbol(symbol)).toBe(true);
  });

  it("treats rhythm, noise, artifact, VF markers and blocked P waves as non-beats", () => {
    for (const symbol of ["+", "~", "|", "[", "]", "x", "p", "t", '"', "", "toString"])
      expect(isBeatSymbol(symbol)).toBe(false);
  });

  it("maps beats to AAMI classes as bxb does, paced beats to Q and flutter waves to O", () => {
    expect(["N", "L", "R", "B"].map(bxbBeatClass)).toEqual(["N", "N", "N", "N"]);
    expect(["A", "a", "J", "S", "e", "j", "n"].map(bxbBeatClass)).toEqual(Array(7).fill("S"));
    expect(["V", "r", "E"].map(bxbBeatClass)).toEqual(["V", "V", "V"]);
    expect(bxbBeatClass("F")).toBe("F");
    expect(["Q", "/", "f", "?"].map(bxbBeatClass)).toEqual(["Q", "Q", "Q", "Q"]);
    expect(bxbBeatClass("!")).toBe("O");
    expect(bxbBeatClass("+")).toBeUndefined();
  });
});
