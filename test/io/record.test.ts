import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeDigital } from "../../src/io/digital.js";
import { parseHeader } from "../../src/io/header.js";
import { toPhysical } from "../../src/io/physical.js";
import { readBytes, readHeader } from "../../src/io/read.js";
import { parseRecord } from "../../src/io/record.js";
import { describeWithData, sample } from "../helpers/data.js";

function source(dir: string) {
  return (file: string) => readBytes(join(dir, file));
}

describeWithData("parseRecord on the sample records", () => {
  const records = [
    ["wfdb_c", "100s"],
    ["wfdb_python", "binformats"],
    ["wfdb_python", "03700181"],
    ["wfdb_python", "100_3chan"],
    ["wfdb_python", "v102s"],
    ["wfdb_python", "s0010_re"],
    ["wfdb_python", "a103l"],
  ];

  it.each(records)(
    "gives %s/%s the physical values of its digital samples, NaN where invalid",
    (folder, name) => {
      const dir = sample(folder);
      const header = readHeader(join(dir, name));
      for (const options of [{}, { from: 1, to: 8 }, { from: 333, to: 400 }]) {
        const record = parseRecord(header, source(dir), options);
        const digital = decodeDigital(header, source(dir), options);
        record.signals.forEach((signal, i) => {
          expect(signal, `${name} signal ${i}`).toEqual(
            toPhysical(digital.signals[i], header.signals[digital.channels[i]]),
          );
        });
      }
    },
  );

  it("marks the invalid samples of v102s as NaN", () => {
    const record = parseRecord(
      readHeader(join(sample("wfdb_python"), "v102s")),
      source(sample("wfdb_python")),
    );
    // The independent decoder (test/io/reference) counts 3, 2, 17 and 1 invalid samples per signal.
    expect(record.signals.map((s) => s.filter(Number.isNaN).length)).toEqual([3, 2, 17, 1]);
  });

  it("reads PTB age and sex from the header comments and both signal files of s0010_re", () => {
    const record = parseRecord(
      readHeader(join(sample("wfdb_python"), "s0010_re")),
      source(sample("wfdb_python")),
    );
    expect(record.meta).toMatchObject({ age: 81, sex: "F" });
    expect(record.leads.slice(-3)).toEqual(["vx", "vy", "vz"]);
    expect(record.signals).toHaveLength(15);
  });
});

describe("parseRecord", () => {
  it("labels signals with descriptions and units and keeps the header", () => {
    const header = parseHeader(
      "r 2 500 2\nr.dat 16 100/mV 16 0 0 0 0 I\nr.dat 16 10(5)/mmHg 16 0 0 0 0 ABP\n# <age>: 7\n",
    );
    const record = parseRecord(header, () => Uint8Array.from([100, 0, 15, 0, 0x9c, 0xff, 5, 0]));
    expect(record).toMatchObject({
      name: "r",
      fs: 500,
      length: 2,
      leads: ["I", "ABP"],
      units: ["mV", "mmHg"],
    });
    expect(record.signals).toEqual([Float32Array.from([1, -1]), Float32Array.from([1, 0])]);
    expect(record.meta.age).toBe(7);
    expect(record.header).toBe(header);
  });
});
