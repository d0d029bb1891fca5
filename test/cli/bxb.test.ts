import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareFiles, formatBxb } from "../../src/cli/bxb.js";
import { ConfigError } from "../../src/errors.js";
import { writeAnnotations, writeRecord } from "../../src/io/write.js";
import { dbDir, describeWithData } from "../helpers/data.js";

const dir = mkdtempSync(join(tmpdir(), "efficientecg-bxb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mark = (sample: number, symbol = "N") => ({ sample, symbol, subtype: 0, chan: 0, num: 0, aux: "" });
const defaults = { windowMs: "150", startS: "300" };

describe("bxb on written files", () => {
  // A 400 s record at 100 Hz with beats every second; the test misses one beat and adds one after 5 min.
  const record = join(dir, "rec");
  writeRecord(record, { fs: 100, signals: [new Float32Array(40_000)] });
  const beats = Array.from({ length: 399 }, (_, i) => (i + 1) * 100);
  writeAnnotations(
    `${record}.atr`,
    beats.map((s) => mark(s)),
  );
  const test = [...beats.filter((s) => s !== 35_000), 35_050].sort((a, b) => a - b);
  writeAnnotations(
    join(dir, "rec.qrs"),
    test.map((s) => mark(s)),
  );

  it("takes fs and length from the header beside the reference and scores from 5 minutes in", () => {
    const report = compareFiles(`${record}.atr`, join(dir, "rec.qrs"), defaults);
    expect(report.fs).toBe(100);
    expect(report.samples).toBe(40_000);
    // From sample 30000 on: 100 reference beats (30000..39900), 99 found, 35000 missed, 35050 extra.
    expect([report.chosen.tp, report.chosen.fn, report.chosen.fp]).toEqual([99, 1, 1]);
    expect([report.wholeRecord.tp, report.wholeRecord.fn, report.wholeRecord.fp]).toEqual([398, 1, 1]);
  });

  it("prints bxb's standard table and the Se/+P lines", () => {
    const text = formatBxb(compareFiles(`${record}.atr`, join(dir, "rec.qrs"), defaults));
    expect(text).toContain("  N |    99    0    0    0    0    1    0");
    expect(text).toContain("  O |     1    0    0    0    0\n");
    expect(text).toContain("EC57 (bxb defaults): QRS Se  99.00% (99/100)   QRS +P  99.00% (99/100)");
    expect(text).toContain("Whole record:        QRS Se  99.75% (398/399)");
    expect(text).toContain("match window 150 ms (15 samples at 100 Hz)");
  });

  it("needs --fs or --record when no header is found, and checks its numbers", () => {
    const alone = join(dir, "alone.atr");
    writeAnnotations(alone, [mark(100)]);
    expect(() => compareFiles(alone, alone, defaults)).toThrow(ConfigError);
    expect(() => compareFiles(alone, alone, defaults)).toThrow(/pass --record <record> or --fs <Hz>/);
    expect(compareFiles(alone, alone, { ...defaults, startS: "0", fs: "250" }).chosen.tp).toBe(1);
    expect(compareFiles(alone, alone, { ...defaults, record }).fs).toBe(100);
    expect(() => compareFiles(alone, alone, { ...defaults, fs: "abc" })).toThrow(/--fs/);
    expect(() => compareFiles(alone, alone, { ...defaults, fs: "250", windowMs: "0" })).toThrow(
      /--window-ms/,
    );
    expect(() => compareFiles(alone, alone, { ...defaults, fs: "250", startS: "-1" })).toThrow(/--start-s/);
  });
});

describeWithData("bxb on MIT-BIH", () => {
  it("finds every reference beat of record 100 when comparing the .atr file with itself", () => {
    const atr = join(dbDir("mitdb"), "100.atr");
    const report = compareFiles(atr, atr, defaults);
    expect([report.chosen.tp, report.chosen.fn, report.chosen.fp]).toEqual([1902, 0, 0]);
    expect(report.wholeRecord.tp).toBe(2273);
  });
});
