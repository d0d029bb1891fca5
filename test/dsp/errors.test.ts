import { describe, expect, it } from "vitest";
import { DspError } from "../../src/dsp/errors.js";
import { EfficientEcgError } from "../../src/errors.js";

describe("DspError", () => {
  it("is an EfficientEcgError with code ERR_DSP, its own name and the cause kept", () => {
    const cause = new Error("inner");
    const error = new DspError("fs must be > 0", { cause });
    expect(error).toBeInstanceOf(EfficientEcgError);
    expect(error.code).toBe("ERR_DSP");
    expect(error.name).toBe("DspError");
    expect(error.message).toBe("fs must be > 0");
    expect(error.cause).toBe(cause);
  });
});
