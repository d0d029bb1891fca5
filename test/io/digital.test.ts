import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeDigital } from "../../src/io/digital.js";
import { RecordError } from "../../src/io/errors.js";
import { INVALID_DIGITAL } from "../../src/io/formats.js";
import { parseHeader } from "../../src/io/header.js";
import { readHeader, readRecordDigital } from "../../src/io/read.js";
import { describeWithData, sample } from "../helpers/data.js";

interface Summary {
  count: number;
  invalid: number;
  first: Array<number | null>;
  last: Array<number | null>;
  min: number;
  max: number;
  sum: number;
  hash: number;
}

// Expected summaries come from an independent numpy decoder written from the WFDB format documentation:
//   python3 test/io/reference/wfdb_reference.py /work/shared/data/samples > test/io/reference/wfdb_reference.json
// That decoder also checks every signal against the checksum in its header (all agree), so the
// expectations are tied to the values the records' authors wrote.
const reference: Record<string, Summary[]> = JSON.parse(
  readFileSync(new URL("./reference/wfdb_reference.json", import.meta.url), "utf8"),
);

function summarize(values: Int32Array): Summary {
  const HASH_P = 2147483647;
  const list = Array.from(values, (v) => (v === INVALID_DIGITAL ? null : v));
  const valid = list.filter((v): v is number => v !== null);
  let hash = 0;
  for (const v of values) hash = (hash * 31 + (((v % HASH_P) + HASH_P) % HASH_P)) % HASH_P;
  return {
    count: values.length,
    invalid: values.length - valid.length,
    first: list.slice(0, 5),
    last: list.slice(-5),
    min: valid.reduce((a, b) => Math.min(a, b)),
    max: valid.reduce((a, b) => Math.max(a, b)),
    sum: valid.reduce((a, b) => a + b, 0),
    hash,
  };
}

function recordPath(name: string): string {
  return name === "100s" ? join(sample("wfdb_c"), name) : join(sample("wfdb_python"), name);
}

describeWithData("decodeDigital against an independent decoder on every sample record", () => {
  for (const [name, signals] of Object.entries(reference)) {
    it(`decodes every signal of ${name} exactly`, () => {
      signals.forEach((expected, channel) => {
        const { signals: decoded } = readRecordDigital(recordPath(name), { channels: [channel] });
        const { checksum_ok: _checksum, ...wanted } = expected as Summary & { checksum_ok: boolean };
        expect(summarize(decoded[0]), `${name} signal ${channel}`).toEqual(wanted);
      });
    });
  }

  it("reads any sample range as the same slice of the whole record (packed formats, skew, 8)", () => {
    for (const name of ["binformats", "03700181", "100_3chan", "v102s"]) {
      const whole = readRecordDigital(recordPath(name));
      for (const [from, to] of [
        [0, 1],
        [1, 2],
        [1, 6],
        [2, 9],
        [whole.length - 3, whole.length],
        [17, 333],
      ]) {
        const part = readRecordDigital(recordPath(name), { from, to });
        part.signals.forEach((signal, i) => {
          expect(Array.from(signal), `${name} ${from}..${to} signal ${i}`).toEqual(
            Array.from(whole.signals[i].subarray(from, to)),
          );
        });
      }
    }
  });

  it("expands a multi-frequency record to its fastest signal by repeating slower samples", () => {
    const all = readRecordDigital(recordPath("03700181"));
    expect([all.fs, all.length]).toEqual([500, 300000]);
    const abp = readRecordDigital(recordPath("03700181"), { channels: [1] });
    expect([abp.fs, abp.length]).toEqual([125, 75000]);
    for (let k = 0; k < 1000; k++) {
      for (let j = 0; j < 4; j++) expect(all.signals[1][4 * k + j]).toBe(abp.signals[0][k]);
    }
  });

  it("returns channels in the requested order", () => {
    const both = readRecordDigital(recordPath("100s"), { channels: [1, 0], to: 10 });
    const first = readRecordDigital(recordPath("100s"), { channels: [0], to: 10 });
    expect(both.channels).toEqual([1, 0]);
    expect(Array.from(both.signals[1])).toEqual(Array.from(first.signals[0]));
  });

  it("rejects out-of-range options with a RecordError naming the option", () => {
    const path = recordPath("100s");
    expect(() => readRecordDigital(path, { channels: [2] })).toThrow(
      "Expected a non-empty array of signal indices in [0, 2) for options.channels but received array of length 1",
    );
    expect(() => readRecordDigital(path, { from: 5, to: 5 })).toThrow(RecordError);
    expect(() => readRecordDigital(path, { from: -1 })).toThrow("for options.from but received -1");
    expect(() => readRecordDigital(path, { to: 21601 })).toThrow("for options.to but received 21601");
    expect(() => readRecordDigital(path, { from: 1.5 })).toThrow(RecordError);
  });

  it("measures a header without a sample count from its signal file", () => {
    const header = { ...readHeader(recordPath("100s")), sampleCount: undefined };
    const bytes = readFileSync(`${recordPath("100s")}.dat`);
    expect(decodeDigital(header, () => bytes).length).toBe(21600);
  });
});

describe("decodeDigital on in-memory signals", () => {
  const file = (bytes: number[]) => () => Uint8Array.from(bytes);

  it("integrates format 8 first differences from the initial value", () => {
    const header = parseHeader("d 1 100 4\nd.dat 8 200 8 0 10 0 0 x\n");
    expect(Array.from(decodeDigital(header, file([0, 1, 0xff, 5])).signals[0])).toEqual([10, 11, 10, 15]);
  });

  it("marks samples past the end of a skewed signal invalid", () => {
    const header = parseHeader("k 2 100 3\nk.dat 80 200 8 0 0 0 0 a\nk.dat 80:1 200 8 0 0 0 0 b\n");
    const { signals } = decodeDigital(header, file([129, 130, 131, 132, 133, 134]));
    expect(Array.from(signals[0])).toEqual([1, 3, 5]);
    expect(Array.from(signals[1])).toEqual([4, 6, INVALID_DIGITAL]);
  });

  it("gives a null signal (format 0) as all invalid without a file", () => {
    const header = parseHeader("n 1 100 3\n~ 0 200 12 0 0 0 0 none\n");
    expect(Array.from(decodeDigital(header, () => new Uint8Array()).signals[0])).toEqual([
      INVALID_DIGITAL,
      INVALID_DIGITAL,
      INVALID_DIGITAL,
    ]);
  });

  it.each([
    ["u 1 100 2\nu.dat 508 200 8 0 0 0 0 x\n", 4, "format 508 (x) is not supported"],
    ["z 1 100\nz.dat 16\n", 1, "zero-length signal"],
    ["h 1 100 999999999999\nh.dat 16\n", 4, "need 1999999999998 (file truncated?)"],
    ["m 2 100 2\nm.dat 16\nm.dat 80\n", 4, "signals in m.dat mix formats 16 and 80"],
    ["c 3 100 2\na.dat 16\nb.dat 16\na.dat 16\n", 4, "signals stored in a.dat must be listed consecutively"],
  ])("rejects %j (file of %i bytes)", (text, size, message) => {
    expect(() => decodeDigital(parseHeader(text), () => new Uint8Array(size))).toThrow(message);
  });
});
