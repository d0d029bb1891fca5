import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AAMI_CLASSES } from "../../src/datasets/aami.js";
import {
  beatsOf,
  listMitdb,
  MITDB_DS1,
  MITDB_DS2,
  MITDB_PACED_RECORDS,
  MITDB_RECORDS,
  readMitdb,
} from "../../src/datasets/mitdb.js";
import { DataError } from "../../src/datasets/paths.js";
import { dbDir, describeWithData } from "../helpers/data.js";

describe("MIT-BIH constants", () => {
  it("lists 48 records, 4 paced, and de Chazal's disjoint 22-record DS1 and DS2 without paced records", () => {
    expect(new Set(MITDB_RECORDS).size).toBe(48);
    expect(MITDB_DS1).toHaveLength(22);
    expect(MITDB_DS2).toHaveLength(22);
    const all = new Set([...MITDB_DS1, ...MITDB_DS2, ...MITDB_PACED_RECORDS]);
    expect(all.size).toBe(48);
    expect([...all].every((name) => MITDB_RECORDS.includes(name))).toBe(true);
  });

  it("keeps beats with their AAMI class and drops other annotations", () => {
    const annotations = ["+", "N", "A", "~", "V", "/", "x"].map((symbol, sample) => ({
      sample,
      symbol,
      subtype: 0,
      chan: 0,
      num: 0,
      aux: "",
    }));
    expect(beatsOf(annotations).map((beat) => `${beat.symbol}:${beat.aami}`)).toEqual([
      "N:N",
      "A:S",
      "V:V",
      "/:Q",
    ]);
  });

  it("rejects a name that is not a record", () => {
    expect(() => readMitdb("999", { dir: "/nonexistent" })).toThrow(DataError);
  });
});

describeWithData("MIT-BIH Arrhythmia Database", () => {
  it("finds all 48 records in the unpacked copy", () => {
    expect(listMitdb()).toEqual([...MITDB_RECORDS]);
  });

  it("gives the published AAMI class totals over all 48 records", () => {
    const totals = Object.fromEntries(AAMI_CLASSES.map((aami) => [aami, 0]));
    for (const name of MITDB_RECORDS) for (const beat of readMitdb(name).beats) totals[beat.aami]++;
    expect(totals).toEqual({ N: 90631, S: 2781, V: 7236, F: 803, Q: 8043 });
  });

  it("reads record 100 as two leads at 360 Hz with its patient data", () => {
    const { record, annotations, beats } = readMitdb("100");
    expect(record).toMatchObject({ name: "100", fs: 360, length: 650000, leads: ["MLII", "V5"] });
    expect(record.meta).toMatchObject({ age: 69, sex: "M" });
    expect(annotations[0]).toMatchObject({ symbol: "+", aux: "(N" });
    expect(beats).toHaveLength(2273);
  });

  it("reads from an explicit folder of PhysioNet files, or its parent", () => {
    const dir = mkdtempSync(join(tmpdir(), "efficientecg-mitdb-"));
    try {
      for (const file of ["100.hea", "100.dat", "100.atr"])
        symlinkSync(join(dbDir("mitdb"), file), join(dir, file));
      expect(listMitdb(dir)).toEqual(["100"]);
      expect(readMitdb("100", { dir, channels: [1] }).record.leads).toEqual(["V5"]);
      expect(() => listMitdb(tmpdir())).toThrow("does not look like the MIT-BIH Arrhythmia database");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
