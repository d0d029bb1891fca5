import { describe, expect, it } from "vitest";
import { butter } from "../../src/dsp/butter.js";
import { sosfilt } from "../../src/dsp/sosfilt.js";
import { sosfiltZi } from "../../src/dsp/sosfilt-zi.js";
import { ziCases } from "./fixtures/filters.js";
import { expectAllClose } from "./helpers/expect.js";
import { designOf, nameOf } from "./helpers/fixtures.js";

describe("sosfiltZi", () => {
  it.each(ziCases.map((c) => [nameOf(c), c] as const))(
    "equals scipy.signal.sosfilt_zi within 1e-10: %s",
    (_, c) => {
      const zi = sosfiltZi(designOf(c));
      expect(zi).toHaveLength(c.zi.length);
      for (const [s, row] of zi.entries()) expectAllClose(row, c.zi[s], 1e-10);
    },
  );

  it("starts a filter in steady state: a constant input gives a constant output", () => {
    const sos = butter(4, 5, "lowpass", 250);
    const level = 1.7;
    const zi = sosfiltZi(sos).map((row) => row.map((v) => v * level));
    const { y } = sosfilt(sos, new Float32Array(500).fill(level), zi);
    expectAllClose(y, new Float32Array(500).fill(level), 1e-6);
  });

  it("rejects a section with a pole at z = 1", () => {
    expect(() => sosfiltZi([[1, 0, 0, 1, -1, 0]])).toThrow("sos[0] has a pole at z = 1");
  });
});
