import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readAnnotations, readRecord, readRecordDigital } from "../../src/io/read.js";
import { writeAnnotations, writeRecord } from "../../src/io/write.js";
import { describeWithData, sample } from "../helpers/data.js";

const dir = mkdtempSync(join(tmpdir(), "efficientecg-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeRecord", () => {
  it("writes a record that readRecord reads back, with labels and comments", () => {
    const signals = [Float32Array.from([0, 0.5, -0.5]), Float32Array.from([1, 2, 3])];
    const header = writeRecord(join(dir, "rt"), {
      fs: 250,
      signals,
      leads: ["I", "II"],
      units: ["mV", "mmHg"],
      comments: ["<age>: 40", "<sex>: M"],
    });
    const record = readRecord(join(dir, "rt"));
    expect(record).toMatchObject({
      name: "rt",
      fs: 250,
      length: 3,
      leads: ["I", "II"],
      units: ["mV", "mmHg"],
    });
    expect(record.meta).toMatchObject({ age: 40, sex: "M" });
    expect(record.header).toEqual(header);
    expect(
      readdirSync(dir)
        .filter((file) => file.startsWith("rt"))
        .sort(),
    ).toEqual(["rt.dat", "rt.hea"]);
  });

  it("refuses to replace existing files unless asked, and leaves them untouched", () => {
    const path = join(dir, "keep");
    writeFileSync(`${path}.hea`, "mine");
    const record = { fs: 100, signals: [Float32Array.from([1, 2])] };
    expect(() => writeRecord(path, record)).toThrow(`${path}.hea: file already exists; pass overwrite: true`);
    expect(readFileSync(`${path}.hea`, "utf8")).toBe("mine");
    expect(existsSync(`${path}.dat`)).toBe(false);
    writeRecord(path, record, { overwrite: true });
    expect(readRecord(path).length).toBe(2);
  });

  it("refuses a path that names a folder instead of a record, writing nothing", () => {
    const record = { fs: 100, signals: [Float32Array.from([1, 2])] };
    for (const path of [`${dir}/`, join(dir, ".hidden")]) {
      expect(() => writeRecord(path, record)).toThrow(
        `${path}: expected a record path that ends with the record's name, e.g. "data/100"`,
      );
    }
    expect(readdirSync(dir).filter((file) => file.startsWith("."))).toEqual([]);
  });

  it("leaves no temporary files behind", () => {
    writeRecord(join(dir, "clean"), { fs: 100, signals: [Float32Array.from([1])] }, { format: 212 });
    expect(readdirSync(dir).filter((file) => file.endsWith(".tmp"))).toEqual([]);
  });
});

describeWithData("writeRecord and writeAnnotations on a real record", () => {
  it("copies 100s in format 212 with its gain and baseline to identical digital samples", () => {
    const source = join(sample("wfdb_c"), "100s");
    const original = readRecord(source);
    writeRecord(join(dir, "copy100s"), original, { format: 212, gains: [200, 200], baselines: [1024, 1024] });
    const copy = readRecordDigital(join(dir, "copy100s"));
    expect(copy.signals).toEqual(readRecordDigital(source).signals);
  });

  it("copies 100s.atr to an annotation file with the same annotations", () => {
    const annotations = readAnnotations(join(sample("wfdb_c"), "100s.atr"));
    writeAnnotations(join(dir, "copy.atr"), annotations);
    expect(readAnnotations(join(dir, "copy.atr"))).toEqual(annotations);
    expect(() => writeAnnotations(join(dir, "copy.atr"), annotations)).toThrow("file already exists");
  });
});
