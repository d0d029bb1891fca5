/** Test helper: the message of the efficientecg error a call throws, after checking its code. */
import { expect } from "vitest";
import { EfficientEcgError } from "../../src/errors.js";

/** Returns the message of the EfficientEcgError with `code` that `f` throws; fails the test if it throws none. */
export function errorMessage(f: () => unknown, code: string): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EfficientEcgError);
    expect((e as EfficientEcgError).code).toBe(code);
    return (e as Error).message;
  }
  throw new Error(`expected an error with code ${code}`);
}
