/**
 * Seeded fuzzing of every parser in src/io: thousands of mutated headers, signal files, annotation files
 * and MATLAB files (made from the samples when present, else from synthetic seeds), plus random bytes.
 * Asserts that bad input only ever raises RecordError, that each call returns quickly, and that memory
 * stays bounded.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { samplePath } from "../../src/datasets/paths.js";
import { parseAnnotations } from "../../src/io/annotations.js";
import { encodeAnnotations } from "../../src/io/annotationWriter.js";
import { RecordError } from "../../src/io/errors.js";
import { parseHeader, type WfdbHeader } from "../../src/io/header.js";
import { formatHeader } from "../../src/io/headerWriter.js";
import { parseMat } from "../../src/io/mat.js";
import { parseRecord } from "../../src/io/record.js";
import { encodeRecord } from "../../src/io/signalWriter.js";
import { MAT5_COMPRESSED, MAT5_PLAIN } from "./reference/mat5Fixtures.js";

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = generator(20240601);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

/**
 * Returns a copy of the bytes with a few random edits. In-place edits (bit flips, extreme values) keep the
 * size, so decoding runs on odd values; `resize` also allows inserts, deletes, truncation and repeats.
 */
function mutateBytes(bytes: Uint8Array, resize = true): Uint8Array {
  let out = Array.from(bytes);
  const edits = 1 + int(4);
  for (let e = 0; e < edits; e++) {
    const at = int(out.length + 1);
    const last = Math.min(at, out.length - 1);
    switch (resize ? int(6) : 4 + int(2)) {
      case 0:
        out.splice(at, 0, ...Array.from({ length: 1 + int(8) }, () => int(256)));
        break;
      case 1:
        out.splice(at, 1 + int(16));
        break;
      case 2:
        out = out.slice(0, at);
        break;
      case 3:
        out.splice(at, 0, ...out.slice(at, at + 1 + int(64)));
        break;
      case 4:
        if (out.length) out[last] ^= 1 << int(8);
        break;
      default:
        if (out.length) out[last] = pick([0, 0xff, 0x80, 0x7f, 0x3f, 0xfc, 0x08, 0x02]);
    }
  }
  return Uint8Array.from(out);
}

const WEIRD_NUMBERS = [
  "0",
  "-1",
  "1e308",
  "NaN",
  "Infinity",
  "99999999999999999999",
  "4294967296",
  "-0",
  "0.5",
  "abc",
  "",
];

/** Returns header text with random edits: numbers replaced, suffixes added, fields dropped, lines repeated or lost. */
function mutateHeader(text: string): string {
  const lines = text.split("\n");
  const edits = 1 + int(3);
  for (let e = 0; e < edits; e++) {
    const line = int(lines.length);
    const tokens = lines[line].split(" ");
    const choice = int(10);
    if (choice < 4) tokens[int(tokens.length)] = pick(WEIRD_NUMBERS);
    else if (choice < 7)
      tokens[int(tokens.length)] += pick(["x0", "x3", "x99999999", ":5", "+99999999", "(3)", "/", "e5"]);
    else if (choice < 8) tokens.splice(int(tokens.length), 1);
    else if (choice < 9) lines.splice(int(lines.length), 0, lines[line]);
    else lines.splice(line, 1);
    if (choice < 8) lines[line] = tokens.join(" ");
  }
  return lines.join(int(2) ? "\n" : "\r\n");
}

let calls = 0;
let peakMemory = 0;

/** Runs `call`, failing the test if it throws anything but RecordError or takes longer than the bound. */
function expectOnlyRecordError(call: () => unknown, what: string): void {
  if (calls++ % 200 === 0) {
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    peakMemory = Math.max(peakMemory, heapUsed + arrayBuffers);
  }
  const start = performance.now();
  try {
    call();
  } catch (error) {
    if (!(error instanceof RecordError)) {
      throw new Error(
        `${what}: threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
    }
  }
  const elapsed = performance.now() - start;
  if (elapsed > 2000) throw new Error(`${what}: took ${elapsed.toFixed(0)} ms`);
}

interface Seed {
  header: string;
  files: Map<string, Uint8Array>;
}

/** Synthetic seeds in formats 16 and 212 (always available) plus the sample records when present. */
function recordSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const format of [16, 212] as const) {
    const signals = [0, 1, 2].map((s) => Float32Array.from({ length: 101 }, (_, i) => Math.sin(i / (5 + s))));
    const { header, signalBytes } = encodeRecord(
      { name: "syn", fs: 360, signals, comments: ["69 M"] },
      { format },
    );
    seeds.push({ header: formatHeader(header), files: new Map([["syn.dat", signalBytes]]) });
  }
  const dir = samplePath("wfdb_python");
  if (dir) {
    for (const name of ["binformats", "03700181", "100_3chan", "3000003_0003", "test01_00s", "v102s"]) {
      const header = readFileSync(join(dir, `${name}.hea`), "utf8");
      const files = new Map<string, Uint8Array>();
      for (const spec of parseHeader(header).signals) {
        // Keep seeds small so thousands of runs stay fast: the first 4 KiB of each signal file.
        files.set(spec.fileName, new Uint8Array(readFileSync(join(dir, spec.fileName)).subarray(0, 4096)));
      }
      seeds.push({ header, files });
    }
  }
  return seeds;
}

function annotationSeeds(): Uint8Array[] {
  const synthetic = encodeAnnotations([
    { sample: 0, symbol: "+", subtype: 0, chan: 0, num: 0, aux: "(N" },
    { sample: 2000, symbol: "V", subtype: 1, chan: 1, num: 5, aux: "" },
    { sample: 5_000_000, symbol: "N", subtype: -1, chan: 0, num: 0, aux: "(AFIB" },
  ]);
  const dir = samplePath("wfdb_python");
  return dir
    ? [synthetic, new Uint8Array(readFileSync(join(dir, "100.qrs")).subarray(0, 2048))]
    : [synthetic];
}

function matSeeds(): Uint8Array[] {
  const v4 = new Uint8Array(24 + 12);
  const view = new DataView(v4.buffer);
  [30, 2, 3, 0, 4].forEach((value, i) => {
    view.setInt32(4 * i, value, true);
  });
  v4.set([0x76, 0x61, 0x6c, 0], 20);
  return [v4, Buffer.from(MAT5_PLAIN, "base64"), Buffer.from(MAT5_COMPRESSED, "base64")].map(
    (b) => new Uint8Array(b),
  );
}

describe("io parsers under fuzzing (seeded)", () => {
  it("raise only RecordError, quickly, on 3,000 mutated headers read with their signal files", () => {
    const seeds = recordSeeds();
    for (let i = 0; i < 3000; i++) {
      const seed = pick(seeds);
      const text = mutateHeader(seed.header);
      expectOnlyRecordError(
        () => {
          const header: WfdbHeader = parseHeader(text, "fuzz.hea");
          parseRecord(header, (name) => {
            const bytes = seed.files.get(name);
            if (!bytes) throw new RecordError(name, "file not found");
            return bytes;
          });
        },
        `header #${i} ${JSON.stringify(text.slice(0, 200))}`,
      );
    }
  });

  it("raise only RecordError, quickly, on 3,000 mutated signal files", () => {
    const seeds = recordSeeds();
    for (let i = 0; i < 3000; i++) {
      const seed = pick(seeds);
      const header = parseHeader(seed.header);
      const resize = int(4) === 0;
      const files = new Map(
        [...seed.files].map(([name, bytes]) => [name, int(3) ? mutateBytes(bytes, resize) : bytes]),
      );
      const options = int(2)
        ? {}
        : { from: int(50), to: 50 + int(100), channels: [int(header.signals.length)] };
      expectOnlyRecordError(
        () => parseRecord(header, (name) => files.get(name) ?? new Uint8Array()),
        `signal #${i}`,
      );
      expectOnlyRecordError(() => parseRecord(header, (name) => files.get(name)!, options), `range #${i}`);
    }
  });

  it("raise only RecordError, quickly, on 3,000 mutated annotation files", () => {
    const seeds = annotationSeeds();
    for (let i = 0; i < 3000; i++) {
      const bytes = mutateBytes(pick(seeds));
      expectOnlyRecordError(() => parseAnnotations(bytes), `annotations #${i}`);
    }
  });

  it("raise only RecordError, quickly, on 2,000 mutated MATLAB files", () => {
    const seeds = matSeeds();
    for (let i = 0; i < 2000; i++) {
      const bytes = mutateBytes(pick(seeds));
      expectOnlyRecordError(() => parseMat(bytes), `mat #${i}`);
    }
  });

  it("raise only RecordError, quickly, on 1,000 random byte strings given to every parser", () => {
    for (let i = 0; i < 1000; i++) {
      const bytes = Uint8Array.from({ length: int(2048) }, () => int(256));
      const text = new TextDecoder().decode(bytes);
      expectOnlyRecordError(() => parseHeader(text), `random header #${i}`);
      expectOnlyRecordError(() => parseAnnotations(bytes), `random annotations #${i}`);
      expectOnlyRecordError(() => parseMat(bytes), `random mat #${i}`);
    }
  });

  it("keep memory bounded over all the runs above (sampled every 200 calls)", () => {
    expect(calls).toBe(17000);
    expect(peakMemory).toBeLessThan(512 * 1024 * 1024);
  });
});
