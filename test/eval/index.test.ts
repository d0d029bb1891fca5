import { describe, expect, it } from "vitest";
import * as evaluation from "../../src/eval/index.js";

describe("eval public API", () => {
  it("exports ecgStripSvg", () => {
    expect(Object.keys(evaluation).sort()).toEqual(["ecgStripSvg"]);
    expect(evaluation.ecgStripSvg({ signal: new Float32Array(10), fs: 100 })).toMatch(/^<svg /);
  });
});
