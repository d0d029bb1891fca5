import { describe, expect, it } from "vitest";
import { groupWaves, LUDB_LEADS, type LudbWaveType, listLudb, readLudb } from "../../src/datasets/ludb.js";
import type { Annotation } from "../../src/io/annotations.js";
import { readAnnotations } from "../../src/io/read.js";
import { dbDir, describeWithData } from "../helpers/data.js";

const marks = (text: string): Annotation[] =>
  text.split(" ").map((symbol, sample) => ({ sample, symbol, subtype: 0, chan: 0, num: 0, aux: "" }));

describe("groupWaves", () => {
  it("groups onset, peak and offset marks into waves", () => {
    expect(groupWaves(marks("( p ) ( N ) ( t )"))).toEqual([
      { type: "P", onset: 0, peak: 1, offset: 2 },
      { type: "QRS", onset: 3, peak: 4, offset: 5 },
      { type: "T", onset: 6, peak: 7, offset: 8 },
    ]);
  });

  it("leaves out an onset or offset the annotators did not mark", () => {
    expect(groupWaves(marks("N ) ( t"))).toEqual([
      { type: "QRS", peak: 0, offset: 1 },
      { type: "T", onset: 2, peak: 3 },
    ]);
  });

  it("merges several peaks of one type inside one onset-offset pair into one wave at the first peak", () => {
    expect(groupWaves(marks("( t t t )"))).toEqual([{ type: "T", onset: 0, peak: 1, offset: 4 }]);
  });
});

describeWithData("Lobachevsky University Database", () => {
  it("lists 200 records with sex, age, rhythm, pacing and diagnoses from ludb.csv", () => {
    const rows = listLudb();
    expect(rows).toHaveLength(200);
    // README: 85 women and 115 men; record 34's age is censored in ludb.csv (">89"), 90 in 34.hea.
    expect(rows.filter((row) => row.sex === "F")).toHaveLength(85);
    expect(rows[33]).toMatchObject({ id: 34, ageText: ">89", age: 90 });
    expect(rows[0]).toMatchObject({ id: 1, sex: "F", age: 51, rhythms: ["Sinus bradycardia"] });
    expect(rows[0].diagnoses).toContain("Left ventricular hypertrophy");
    expect(rows[0].pacing).toEqual([]);
    // Ten records describe a pacemaker in the "Cardiac pacing" column.
    expect(rows.filter((row) => row.pacing.length > 0).map((row) => row.id)).toEqual([
      8, 34, 45, 72, 74, 90, 93, 95, 104, 111,
    ]);
    expect(rows[7].pacing).toEqual(["Pacemaker presence, undefined", "Unipolar ventricular pacing"]);
  });

  it("reads record 1: 12 leads at 500 Hz, header age and sex, waves on every lead", () => {
    const { record, info, waves } = readLudb(1);
    expect(record).toMatchObject({ fs: 500, length: 5000, leads: [...LUDB_LEADS] });
    expect(record.meta).toMatchObject({ age: 51, sex: "F" });
    expect(info.id).toBe(1);
    expect(Object.keys(waves)).toEqual([...LUDB_LEADS]);
    expect(waves.ii[0]).toEqual({ type: "QRS", onset: 644, peak: 662, offset: 682 });
  });

  it("groups all 2,400 lead annotation files into the waves an independent count finds", () => {
    // python3 test/datasets/reference/ludb_counts.py .cache/data/ludb/ludb/data
    const expected = { P: [16797, 16796], QRS: [21965, 21843], T: [19653, 19652] };
    const found: Record<LudbWaveType, number[]> = { P: [0, 0], QRS: [0, 0], T: [0, 0] };
    for (let id = 1; id <= 200; id++) {
      for (const lead of LUDB_LEADS) {
        for (const wave of groupWaves(readAnnotations(`${dbDir("ludb")}/data/${id}.${lead}`))) {
          found[wave.type][0]++;
          if (wave.onset !== undefined && wave.offset !== undefined) found[wave.type][1]++;
        }
      }
    }
    expect(found).toEqual(expected);
  });
});
