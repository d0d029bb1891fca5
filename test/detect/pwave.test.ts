import { describe, expectTypeOf, it } from "vitest";
import type { PWave as Exported } from "../../src/detect/index.js";
import type { PWave } from "../../src/detect/pwave.js";

describe("PWave", () => {
  it("is three sample indices, exported from the detect layer", () => {
    expectTypeOf<PWave>().toEqualTypeOf<{ onset: number; peak: number; offset: number }>();
    expectTypeOf<Exported>().toEqualTypeOf<PWave>();
  });
});
