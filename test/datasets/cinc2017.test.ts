import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listCinc2017, readCinc2017 } from "../../src/datasets/cinc2017.js";
import { DataError } from "../../src/datasets/paths.js";
import { RecordError } from "../../src/io/errors.js";
import { dbDir, describeWithData } from "../helpers/data.js";

const scratch = mkdtempSync(join(tmpdir(), "efficientecg-cinc-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("listCinc2017 on a hand-made folder", () => {
  it("reads labels from REFERENCE.csv in a training2017 folder", () => {
    const folder = join(scratch, "plain", "training2017");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "A00001.hea"), "");
    writeFileSync(join(folder, "REFERENCE.csv"), "A00001,N\nA00002,~\n");
    expect(listCinc2017(join(scratch, "plain"))).toEqual([
      { name: "A00001", label: "N" },
      { name: "A00002", label: "~" },
    ]);
    expect(listCinc2017(folder)).toHaveLength(2);
  });

  it("rejects an unknown label with the line it is on", () => {
    const folder = join(scratch, "bad");
    mkdirSync(folder);
    writeFileSync(join(folder, "A00001.hea"), "");
    writeFileSync(join(folder, "REFERENCE.csv"), "A00001,N\nA00002,X\n");
    expect(() => listCinc2017(folder)).toThrow(
      'REFERENCE.csv line 2: expected "<record>,<N|A|O|~>" but found "A00002,X"',
    );
  });

  it("rejects names that are not CinC 2017 records", () => {
    expect(() => readCinc2017("100", { dir: scratch })).toThrow(DataError);
  });
});

describeWithData("PhysioNet/CinC Challenge 2017", () => {
  it("lists the 7,528 labelled records of this copy", () => {
    const entries = listCinc2017();
    expect(entries).toHaveLength(7528);
    const counts: Record<string, number> = {};
    for (const { label } of entries) counts[label] = (counts[label] ?? 0) + 1;
    expect(Object.keys(counts).sort()).toEqual(["A", "N", "O", "~"]);
  });

  it("reads A00001 from its .hea and .mat as one 300 Hz lead in mV", () => {
    const record = readCinc2017("A00001");
    expect(record).toMatchObject({ fs: 300, length: 9000, units: ["mV"] });
    // val[0] = -127 (scipy.io.loadmat), gain 1000/mV in A00001.hea.
    expect(record.signals[0][0]).toBeCloseTo(-0.127, 6);
  });

  it("reads from an explicit folder and names a record missing from it", () => {
    const folder = join(scratch, "linked");
    mkdirSync(folder);
    for (const file of ["A00001.hea", "A00001.mat", "REFERENCE.csv"]) {
      symlinkSync(join(dbDir("cinc2017"), "training2017", file), join(folder, file));
    }
    expect(readCinc2017("A00001", { dir: folder }).length).toBe(9000);
    expect(() => readCinc2017("A00002", { dir: folder })).toThrow(RecordError);
  });
});
