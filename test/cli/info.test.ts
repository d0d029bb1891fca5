import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMatInfo, formatRecordInfo, recordInfo, register } from "../../src/cli/info.js";
import { RecordError } from "../../src/io/errors.js";
import { writeAnnotations, writeRecord } from "../../src/io/write.js";
import { runCommand } from "../helpers/cli.js";
import { describeWithData, sample } from "../helpers/data.js";

const dir = mkdtempSync(join(tmpdir(), "efficientecg-info-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `efficientecg info ...args` and returns what it printed. */
const runInfo = async (...args: string[]) => (await runCommand(register, "info", ...args)).out;

describe("info on a written record", () => {
  const path = join(dir, "rec");
  beforeAll(() => {
    writeRecord(path, {
      fs: 250,
      signals: [Float32Array.from({ length: 500 }, (_, i) => Math.sin(i / 10)), new Float32Array(500)],
      leads: ["II", "ABP"],
      units: ["mV", "mmHg"],
      comments: ["<age>: 63", "<sex>: F"],
    });
    const beat = (sample: number, symbol: string) => ({
      sample,
      symbol,
      subtype: 0,
      chan: 0,
      num: 0,
      aux: "",
    });
    writeAnnotations(`${path}.atr`, [beat(10, "N"), beat(260, "V"), beat(300, "N")]);
    writeFileSync(`${path}.notes`, "x"); // one byte: not an annotation file, skipped
  });

  it("summarises rate, duration, signals, patient and annotation counts", () => {
    const info = recordInfo(path);
    expect(info).toMatchObject({ name: "rec", fs: 250, samples: 500, durationS: 2, age: 63, sex: "F" });
    expect(info.signals.map((s) => [s.description, s.units, s.format, s.file])).toEqual([
      ["II", "mV", 16, "rec.dat"],
      ["ABP", "mmHg", 16, "rec.dat"],
    ]);
    expect(info.annotations).toEqual([{ file: "rec.atr", count: 3, symbols: { N: 2, V: 1 } }]);
  });

  it("prints the summary as text", async () => {
    const text = await runInfo(path);
    expect(text).toBe(formatRecordInfo(recordInfo(path)));
    expect(text).toContain("  Sampling frequency: 250 Hz\n");
    expect(text).toContain("  Duration: 500 samples, 00:02.000 (2 s)\n");
    expect(text).toContain("  Patient: age 63, sex F\n");
    expect(text).toMatch(
      / {4}1 {2}ABP {2}\[mmHg\] {2}gain \S+ adu\/mmHg, baseline -?\d+, format 16, file rec\.dat\n/,
    );
    expect(text).toContain("    rec.atr: 3 (N 2, V 1)\n");
  });

  it("prints the summary as JSON with --json", async () => {
    expect(JSON.parse(await runInfo(`${path}.hea`, "--json"))).toEqual(recordInfo(path));
  });

  it("throws a RecordError naming a missing record", async () => {
    await expect(runInfo(join(dir, "absent"))).rejects.toThrow(RecordError);
  });

  it("reports a truncated or empty signal file instead of describing the record", () => {
    writeFileSync(join(dir, "cut.hea"), "cut 1 100 1000\ncut.dat 16 200 16 0 0 0 0 x\n");
    for (const bytes of [100, 0]) {
      writeFileSync(join(dir, "cut.dat"), new Uint8Array(bytes));
      expect(() => recordInfo(join(dir, "cut"))).toThrow(
        `${join(dir, "cut.hea")}: signal file cut.dat has ${bytes} bytes but the header's 1000 samples`,
      );
    }
  });

  it("describes a header without signals from its sample count alone", () => {
    writeFileSync(join(dir, "bare.hea"), "bare 0 100 500\n");
    expect(recordInfo(join(dir, "bare"))).toMatchObject({ samples: 500, signals: [] });
  });

  it("measures a header without a sample count from its signal file", () => {
    writeFileSync(join(dir, "open.hea"), "open 1 100\nopen.dat 16 200 16 0 0 0 0 x\n");
    symlinkSync(`${path}.dat`, join(dir, "open.dat"));
    expect(recordInfo(join(dir, "open")).samples).toBe(1000);
  });
});

describeWithData("info on the samples", () => {
  it("lists 100s with its MIT-BIH patient line and reference annotations", async () => {
    const text = await runInfo(join(sample("wfdb_c"), "100s"));
    expect(text).toContain("Record 100s");
    expect(text).toContain("  Duration: 21600 samples, 01:00.000 (60 s)\n");
    expect(text).toContain("  Patient: age 69, sex M\n");
    expect(text).toContain("    0  MLII  [mV]  gain 200 adu/mV, baseline 1024, format 212, file 100s.dat\n");
    expect(text).toContain("    100s.atr: 75 (N 73, + 1, A 1)\n");
  });

  it("shows samples per frame of a multi-frequency record", () => {
    expect(formatRecordInfo(recordInfo(join(sample("wfdb_python"), "03700181")))).toContain(
      "format 212, 4 samples/frame, file 03700181.dat",
    );
  });

  it("describes the variables of a MATLAB v5 file", async () => {
    const text = await runInfo(join(sample("cpsc2018_mat_v5"), "A1980.mat"));
    expect(text).toBe(formatMatInfo(join(sample("cpsc2018_mat_v5"), "A1980.mat")));
    expect(text).toContain("  ECG: struct 1x1 with fields sex, age, data\n");
    expect(text).toContain("    ECG.data: double 12x5000\n");
  });
});
