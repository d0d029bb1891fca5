import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RecordError } from "../../src/io/errors.js";
import {
  readAnnotations,
  readFrameCount,
  readHeader,
  readMat,
  readRecord,
  readRecordDigital,
} from "../../src/io/read.js";
import { describeWithData, sample } from "../helpers/data.js";

// Golden targets made by the WFDB C tools (samples/wfdb_c): `rdsamp -r 100s -f 10 -t 11 -p -v > rdsamp.out`
// (physical values, 3 decimals) and `rdann -r 100s -a atr > rdann.out`.
describeWithData("readRecord and readAnnotations against the WFDB C tools", () => {
  it("reads 100s with the values rdsamp -p prints, to the last digit", () => {
    const record = readRecord(join(sample("wfdb_c"), "100s"));
    expect(record).toMatchObject({ name: "100s", fs: 360, length: 21600, leads: ["MLII", "V5"] });
    expect(record.units).toEqual(["mV", "mV"]);
    const rows = readFileSync(sample("wfdb_c", "rdsamp.out"), "utf8").trim().split("\n").slice(2);
    expect(rows).toHaveLength(360);
    for (const row of rows) {
      const [time, mlii, v5] = row.trim().split(/\s+/);
      const index = Math.round(Number(time) * 360);
      expect([record.signals[0][index].toFixed(3), record.signals[1][index].toFixed(3)]).toEqual([mlii, v5]);
    }
  });

  it("accepts the record path with the .hea suffix", () => {
    expect(readRecord(join(sample("wfdb_c"), "100s.hea")).length).toBe(21600);
  });

  it("reads 100s.atr with every field rdann prints (sample, symbol, subtype, chan, num, aux)", () => {
    const annotations = readAnnotations(sample("wfdb_c", "100s.atr"));
    const lines = readFileSync(sample("wfdb_c", "rdann.out"), "utf8").trimEnd().split("\n");
    expect(annotations).toHaveLength(lines.length);
    lines.forEach((line, i) => {
      const [fields, aux = ""] = line.split("\t");
      const [, sampleIndex, symbol, subtype, chan, num] = fields.trim().split(/\s+/);
      expect(annotations[i]).toEqual({
        sample: Number(sampleIndex),
        symbol,
        subtype: Number(subtype),
        chan: Number(chan),
        num: Number(num),
        aux,
      });
    });
  });

  it("reads digital samples equal to physical * gain + baseline", () => {
    const digital = readRecordDigital(join(sample("wfdb_c"), "100s"), { from: 3600, to: 3603 });
    // rdsamp.out's first rows (-0.390, -0.275) * 200 + 1024 (baseline = ADC zero).
    expect([digital.signals[0][0], digital.signals[1][0]]).toEqual([946, 969]);
  });

  it("reads the patient age and sex from the MIT-BIH comment line", () => {
    expect(readRecord(join(sample("wfdb_c"), "100s")).meta).toMatchObject({ age: 69, sex: "M" });
  });
});

describe("readRecord on files that are missing or broken", () => {
  const dir = mkdtempSync(join(tmpdir(), "efficientecg-read-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names the missing header file", () => {
    const path = join(dir, "nothere");
    expect(() => readRecord(path)).toThrow(new RecordError(`${path}.hea`, "file not found"));
  });

  it("readFrameCount gives the header's count, or measures the file, and checks the file holds it", () => {
    writeFileSync(join(dir, "count.hea"), "count 1 360 3\ncount.dat 16 200 16 0 0 0 0 I\n");
    writeFileSync(join(dir, "count.dat"), new Uint8Array(8));
    expect(readFrameCount(join(dir, "count"))).toBe(3);
    writeFileSync(join(dir, "open.hea"), "open 1 360\nopen.dat 16 200 16 0 0 0 0 I\n");
    writeFileSync(join(dir, "open.dat"), new Uint8Array(9));
    expect(readFrameCount(join(dir, "open"))).toBe(4);
    writeFileSync(join(dir, "count.dat"), new Uint8Array(5));
    expect(() => readFrameCount(join(dir, "count"))).toThrow(
      `${join(dir, "count.hea")}: signal file count.dat has 5 bytes but the header's 3 samples of 1 signal(s) in format 16 need 6 (file truncated?)`,
    );
  });

  it("says so when the path is a folder rather than a record", () => {
    expect(() => readRecord(dir)).toThrow(
      new RecordError(dir, "is a folder, not a record: give the path of a record inside it (without .hea)"),
    );
    expect(() => readHeader(`${dir}/`)).toThrow(/is a folder, not a record/);
  });

  it("names the missing signal file", () => {
    writeFileSync(join(dir, "lost.hea"), "lost 1 360 10\nlost.dat 16 200 16 0 0 0 0 I\n");
    expect(() => readRecord(join(dir, "lost"))).toThrow(`${join(dir, "lost.dat")}: file not found`);
  });

  it("reports a truncated signal file with the bytes it has and needs", () => {
    writeFileSync(
      join(dir, "short.hea"),
      "short 2 360 10\nshort.dat 212 200 12 0 0 0 0 I\nshort.dat 212 200 12 0 0 0 0 II\n",
    );
    writeFileSync(join(dir, "short.dat"), new Uint8Array(20));
    expect(() => readRecord(join(dir, "short"))).toThrow(
      "signal file short.dat has 20 bytes but the header's 10 samples of 2 signal(s) in format 212 need 30 (file truncated?)",
    );
  });

  it("reports an empty signal file and an empty header", () => {
    writeFileSync(join(dir, "void.hea"), "void 1 360 100\nvoid.dat 16 200 16 0 0 0 0 I\n");
    writeFileSync(join(dir, "void.dat"), new Uint8Array(0));
    expect(() => readRecord(join(dir, "void"))).toThrow("signal file void.dat has 0 bytes");
    writeFileSync(join(dir, "blank.hea"), "");
    expect(() => readRecord(join(dir, "blank"))).toThrow("header has no record line");
  });

  it("reports a binary file given as a header", () => {
    writeFileSync(
      join(dir, "junk.hea"),
      Uint8Array.from({ length: 64 }, (_, i) => (i * 97) % 256),
    );
    expect(() => readRecord(join(dir, "junk"))).toThrow(RecordError);
  });

  it("reports a header claiming far more samples than its file holds, before allocating them", () => {
    writeFileSync(join(dir, "huge.hea"), "huge 1 360 4000000000000\nhuge.dat 16 200 16 0 0 0 0 I\n");
    writeFileSync(join(dir, "huge.dat"), new Uint8Array(10));
    expect(() => readRecord(join(dir, "huge"))).toThrow("need 8000000000000 (file truncated?)");
  });

  it("refuses a folder given as a record file", () => {
    expect(() => readAnnotations(dir)).toThrow(RecordError);
  });

  it("reads a header on its own", () => {
    writeFileSync(join(dir, "only.hea"), "only 0\n");
    expect(readHeader(join(dir, "only"))).toMatchObject({ name: "only", signalCount: 0, signals: [] });
    expect(() => readRecord(join(dir, "only"))).toThrow("record has no signals");
  });
});

describeWithData("readMat", () => {
  it("reads a MATLAB file from disk", () => {
    expect(readMat(join(sample("wfdb_python"), "a103l.mat")).val).toMatchObject({
      class: "int16",
      dims: [3, 82500],
    });
  });
});
