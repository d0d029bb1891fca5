import { describe, expect, it } from "vitest";
import { decodeGroup, planRecord } from "../../src/io/digital.js";
import { INVALID_DIGITAL } from "../../src/io/formats.js";
import { parseHeader } from "../../src/io/header.js";
import { decodeGroupPhysical, toPhysical } from "../../src/io/physical.js";

describe("toPhysical", () => {
  it("computes (digital - baseline) / gain and maps invalid samples to NaN", () => {
    const spec = parseHeader("r 1\nr.dat 212 200(1024) 12 0\n").signals[0];
    expect(toPhysical(Int32Array.from([1024, 1124, 946, INVALID_DIGITAL]), spec)).toEqual(
      Float32Array.from([0, 0.5, -0.39, Number.NaN]),
    );
  });

  it("uses WFDB's default gain of 200 for an uncalibrated (gain 0) signal", () => {
    const spec = parseHeader("r 1\nr.dat 16 0 16 0\n").signals[0];
    expect(toPhysical(Int32Array.from([200]), spec)).toEqual(Float32Array.from([1]));
  });
});

describe("decodeGroupPhysical", () => {
  const bytes = Uint8Array.from({ length: 600 }, (_, i) => (i * 37) % 256);

  it("matches the general path for every format with a value table or arithmetic", () => {
    for (const format of [16, 24, 32, 61, 80, 160, 212, 310, 311]) {
      const header = parseHeader(
        `r 2 100 40\nr.dat ${format} 7(3) 12 0 0 0 0 a\nr.dat ${format} 0 12 0 0 0 0 b\n`,
      );
      for (const options of [{}, { from: 3, to: 37 }, { channels: [1], from: 1, to: 2 }]) {
        const plan = planRecord(header, () => bytes, options);
        const fast = decodeGroupPhysical(plan, plan.groups[0]);
        const general = decodeGroup(plan, plan.groups[0]).map(([index, digital]) => [
          index,
          toPhysical(digital, header.signals[index]),
        ]);
        expect(fast, `format ${format} ${JSON.stringify(options)}`).toEqual(general);
      }
    }
  });

  it("leaves multi-frequency, skewed and format 8 groups to the general path", () => {
    for (const spec of ["16x2", "16:1", "8"]) {
      const header = parseHeader(`r 1 100 10\nr.dat ${spec} 200 12 0 0 0 0 a\n`);
      const plan = planRecord(header, () => bytes);
      expect(decodeGroupPhysical(plan, plan.groups[0]), spec).toBeUndefined();
    }
  });
});
