import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseHeader } from "../../src/io/header.js";
import { formatHeader } from "../../src/io/headerWriter.js";
import { describeWithData, sample } from "../helpers/data.js";

describeWithData("formatHeader on every sample header", () => {
  it("writes text that parses back to the same header", () => {
    for (const folder of ["wfdb_c", "wfdb_python"]) {
      for (const file of readdirSync(sample(folder)).filter((name) => name.endsWith(".hea"))) {
        const header = parseHeader(readFileSync(join(sample(folder), file), "utf8"));
        const again = parseHeader(formatHeader(header));
        expect(again, file).toEqual(header);
      }
    }
  });
});

describe("formatHeader", () => {
  it("writes the record line, signal specs and comments in WFDB syntax", () => {
    const text =
      "m 2 125/250(3) 100 10:00:00 01/02/2003\nm.dat 212x4:2+6 12.84(-1605)/mmHg 12 0 5 -7 0 ABP\n" +
      "m.dat 212 200 12 0 0 0 0 ECG lead II\n# 51 F\n";
    expect(formatHeader(parseHeader(text))).toBe(
      "m 2 125/250(3) 100 10:00:00 01/02/2003\n" +
        "m.dat 212x4:2+6 12.84(-1605)/mmHg 12 0 5 -7 0 ABP\n" +
        "m.dat 212 200(0)/mV 12 0 0 0 0 ECG lead II\n# 51 F\n",
    );
  });

  it.each([
    [
      (h: ReturnType<typeof parseHeader>) => (h.name = "a b"),
      'record name "a b" must be non-empty without blanks',
    ],
    [
      (h: ReturnType<typeof parseHeader>) => (h.signals[0].units = "m V"),
      'units "m V" must be non-empty without blanks',
    ],
    [(h: ReturnType<typeof parseHeader>) => h.comments.push("a\nb"), 'comment "a\\nb" contains a line break'],
    [
      (h: ReturnType<typeof parseHeader>) => (h.signalCount = 3),
      "signalCount is 3 but 1 signal(s) are given",
    ],
  ])("refuses headers that would not read back (%#)", (mutate, reason) => {
    const header = parseHeader("r 1 360 10\nr.dat 16 200 16 0 0 0 0 I\n");
    mutate(header);
    expect(() => formatHeader(header, "r.hea")).toThrow(`r.hea: ${reason}`);
  });
});
