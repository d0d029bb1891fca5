import { describe, expect, it } from "vitest";
import { decodeDigital } from "../../src/io/digital.js";
import { INVALID_DIGITAL } from "../../src/io/formats.js";
import { parseHeader } from "../../src/io/header.js";
import { formatHeader } from "../../src/io/headerWriter.js";
import { parseRecord } from "../../src/io/record.js";
import { chooseAdcParameters, digitize, encodeRecord, encodeSignals } from "../../src/io/signalWriter.js";

/** Seeded pseudo-random integers in [min, max] (mulberry32). */
function randomInts(count: number, min: number, max: number, seed: number): Int32Array {
  let state = seed >>> 0;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = min + Math.floor(unit * (max - min + 1));
  }
  return out;
}

function readBack(digital: Int32Array[], format: 16 | 212): Int32Array[] {
  const lines = digital.map((_, i) => `r.dat ${format} 200 12 0 0 0 0 s${i}`);
  const header = parseHeader([`r ${digital.length} 360 ${digital[0].length}`, ...lines].join("\n"));
  return decodeDigital(header, () => encodeSignals(digital, format)).signals;
}

describe("encodeSignals", () => {
  it.each([
    [16, 1, 5],
    [16, 3, 1000],
    [212, 1, 7],
    [212, 2, 999],
    [212, 3, 999],
    [212, 1, 1],
  ] as const)(
    "round-trips format %i with %i signal(s) of %i samples, invalid samples included",
    (format, count, length) => {
      const limit = format === 16 ? 32767 : 2047;
      const digital = Array.from({ length: count }, (_, s) => randomInts(length, -limit, limit, 7 + s));
      digital[0][length - 1] = INVALID_DIGITAL;
      expect(readBack(digital, format)).toEqual(digital);
    },
  );

  it("ends an odd-length format 212 file with a 2-byte half group, as WFDB does", () => {
    expect(encodeSignals([Int32Array.from([1, 2, 3])], 212)).toHaveLength(5);
    expect(Array.from(encodeSignals([Int32Array.from([-1, 0x123])], 212))).toEqual([0xff, 0x1f, 0x23]);
  });
});

describe("digitize and chooseAdcParameters", () => {
  it("rounds value * gain + baseline and maps NaN to the invalid marker", () => {
    expect(Array.from(digitize(Float32Array.from([0.5, -0.0025, Number.NaN]), 200, 1024, 212))).toEqual([
      1124,
      1024,
      INVALID_DIGITAL,
    ]);
  });

  it("refuses values outside the format's range instead of wrapping them", () => {
    expect(() => digitize(Float32Array.from([11]), 200, 0, 212, "x")).toThrow(
      "x: sample 0 (11) becomes 2200 with gain 200 and baseline 0, outside format 212's range -2047..2047",
    );
  });

  it("spans the format's range with the signal and keeps the extremes representable", () => {
    const signal = Float32Array.from([-3.2, 0, 5.7]);
    for (const format of [16, 212] as const) {
      const { gain, baseline } = chooseAdcParameters(signal, format);
      const digital = digitize(signal, gain, baseline, format);
      const limit = format === 16 ? 32767 : 2047;
      expect(Math.max(...digital)).toBeGreaterThan(limit * 0.99);
      expect(Math.min(...digital)).toBeLessThan(-limit * 0.99);
    }
  });

  it("uses the default gain 200 for a constant or empty signal", () => {
    expect(chooseAdcParameters(Float32Array.from([1, 1, 1]), 212)).toEqual({ gain: 200, baseline: 0 });
    expect(chooseAdcParameters(Float32Array.from([Number.NaN]), 16)).toEqual({ gain: 200, baseline: 0 });
  });
});

describe("encodeRecord", () => {
  it("writes a header whose checksums and initial values WFDB would accept, and reads back within half a step", () => {
    const signals = [
      Float32Array.from([0.1, -0.25, 1.5, Number.NaN, 0]),
      Float32Array.from([3, 2, 1, 0, -1]),
    ];
    const { header, signalBytes } = encodeRecord(
      { name: "w", fs: 500, signals, leads: ["I", "II"], comments: ["<age>: 51"] },
      { format: 212 },
    );
    const parsed = parseHeader(formatHeader(header));
    expect(parsed).toEqual(header);
    const record = parseRecord(parsed, () => signalBytes);
    expect(record.meta.age).toBe(51);
    record.signals.forEach((signal, s) => {
      const gain = header.signals[s].adcGain;
      signal.forEach((value, i) => {
        if (Number.isNaN(signals[s][i])) expect(value).toBeNaN();
        else expect(Math.abs(value - signals[s][i])).toBeLessThanOrEqual(0.5 / gain + 1e-6);
      });
    });
    const digital = decodeDigital(parsed, () => signalBytes).signals[1];
    const sum = digital.reduce((a, b) => (a + b) & 0xffff, 0);
    expect((sum << 16) >> 16).toBe(header.signals[1].checksum);
  });

  it("keeps the exact values when given the gain and baseline they came from", () => {
    const signals = [Float32Array.from([-0.39, -0.395, 0.005, 1.2])];
    const { header, signalBytes } = encodeRecord(
      { name: "k", fs: 360, signals },
      { gains: [200], baselines: [1024] },
    );
    expect(parseRecord(header, () => signalBytes).signals[0]).toEqual(signals[0]);
  });

  it.each([
    [{ name: "e", fs: 360, signals: [] }, {}, "e: no signals to write"],
    [{ name: "e", fs: 0, signals: [new Float32Array(2)] }, {}, "e: sampling frequency must be > 0 but is 0"],
    [{ name: "e", fs: 1, signals: [new Float32Array(0)] }, {}, "e: zero-length signals cannot be written"],
    [
      { name: "e", fs: 1, signals: [new Float32Array(2), new Float32Array(3)] },
      {},
      "e: signals differ in length",
    ],
    [{ name: "e", fs: 1, signals: [new Float32Array(2)] }, { format: 8 }, "e: cannot write format 8"],
    [
      { name: "e", fs: 1, signals: [new Float32Array(2)] },
      { gains: [0] },
      "e: gain of signal 0 must be > 0 but is 0",
    ],
  ])("rejects bad input (%#)", (record, options, message) => {
    expect(() => encodeRecord(record, options as never)).toThrow(message);
  });
});
