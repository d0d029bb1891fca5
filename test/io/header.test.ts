import { describe, expect, it } from "vitest";
import { RecordError } from "../../src/io/errors.js";
import { parseHeader } from "../../src/io/header.js";

// Header texts below are copied from samples/wfdb_c and samples/wfdb_python (small text, not data).
const MIT = [
  "100s 2 360 21600",
  "100s.dat 212 200 11 1024 995 21537 0 MLII",
  "100s.dat 212 200 11 1024 1011 -3962 0 V5",
  "# 69 M 1085 1629 x1",
  "# Aldomet, Inderal",
].join("\r\n");

describe("parseHeader", () => {
  it("parses the record line and signal lines of a CRLF MIT-BIH header", () => {
    const header = parseHeader(MIT, "100s.hea");
    expect(header).toMatchObject({ name: "100s", signalCount: 2, frequency: 360, sampleCount: 21600 });
    expect(header.signals[0]).toEqual({
      fileName: "100s.dat",
      format: 212,
      samplesPerFrame: 1,
      skew: 0,
      byteOffset: 0,
      adcGain: 200,
      baseline: 1024,
      units: "mV",
      adcResolution: 11,
      adcZero: 1024,
      initialValue: 995,
      checksum: 21537,
      blockSize: 0,
      description: "MLII",
    });
    expect(header.comments).toEqual(["69 M 1085 1629 x1", "Aldomet, Inderal"]);
  });

  it("reads samples per frame, skew, baseline and units (03700181)", () => {
    const header = parseHeader(
      [
        "03700181 3 125 75000 17:27:45 15/08/1994",
        "03700181.dat 212x4 2963.77/mV 12 0 67 -11266 0 MCL1 ",
        "03700181.dat 212 12.84(-1605)/mmHg 12 0 -943 -23651 0 ABP ",
        "03700181.dat 212:4 2000 12 0 -304 6310 0 RESP ",
      ].join("\n"),
    );
    expect(header).toMatchObject({ baseTime: "17:27:45", baseDate: "15/08/1994" });
    expect(header.signals.map((s) => [s.samplesPerFrame, s.skew, s.adcGain, s.baseline, s.units])).toEqual([
      [4, 0, 2963.77, 0, "mV"],
      [1, 0, 12.84, -1605, "mmHg"],
      [1, 4, 2000, 0, "mV"],
    ]);
  });

  it("reads a byte offset and a gain in exponent notation (a103l)", () => {
    const header = parseHeader("a103l 1 250 82500\na103l.mat 16+24 1.052e+04/mV 16 0 9127 -301 0 V\n");
    expect(header.signals[0]).toMatchObject({ format: 16, byteOffset: 24, adcGain: 10520, description: "V" });
  });

  it("reads counter frequency, base counter and a fractional base time", () => {
    const header = parseHeader("r 1 360/720(12.5) 1000 19:46:25.757\nr.dat 16\n");
    expect(header).toMatchObject({
      frequency: 360,
      counterFrequency: 720,
      baseCounter: 12.5,
      baseTime: "19:46:25.757",
    });
  });

  it("fills WFDB's defaults for omitted fields", () => {
    const header = parseHeader("rec 2\nrec.dat 16\nrec.dat 16 100 12 7\n");
    expect(header.frequency).toBe(250);
    expect(header.sampleCount).toBeUndefined();
    expect(header.signals[0]).toMatchObject({ adcGain: 0, units: "mV", adcResolution: 16, adcZero: 0 });
    expect(header.signals[0].description).toBe("record rec, signal 0");
    expect(header.signals[1]).toMatchObject({ adcZero: 7, baseline: 7, initialValue: 7, adcResolution: 12 });
  });

  it("keeps blanks inside the description", () => {
    expect(
      parseHeader("b 1 200 3\nb.d0 8 200/mV 12 0 -2047 -31143 0 sig 0, fmt 8\n").signals[0].description,
    ).toBe("sig 0, fmt 8");
  });

  it("treats a sample count of 0 as unknown", () => {
    expect(parseHeader("z 1 100 0\nz.dat 16\n").sampleCount).toBeUndefined();
  });

  it.each([
    ["", "header has no record line (empty or only comments)"],
    ["# only a comment\n", "header has no record line (empty or only comments)"],
    ["multi/3 2 360 1000\n", 'multi-segment records are not supported (record line "multi/3 2 360 1000")'],
    ["r 2 360 10\nr.dat 16\n", "record line declares 2 signal(s) but the header has 1 signal line(s)"],
    ["r 1 0 10\nr.dat 16\n", "sampling frequency must be in (0, 1000000] Hz but is 0"],
    ["r 1 -360 10\nr.dat 16\n", "sampling frequency must be in (0, 1000000] Hz but is -360"],
    ["r 1 1e9 10\nr.dat 16\n", "sampling frequency must be in (0, 1000000] Hz but is 1000000000"],
    ["r 1 abc 10\nr.dat 16\n", 'sampling frequency "abc" is not a finite number'],
    ["r 1 360 ten\nr.dat 16\n", 'number of samples "ten" is not an integer'],
    ["r 1 360 10\nr.dat 16 NaN\n", 'line 2: ADC gain "NaN" is not a finite number'],
    ["r 1 360 10\nr.dat 16x0\n", 'line 2: samples per frame must be >= 1 in format "16x0"'],
    [
      "r 1 360 10\nr.dat sixteen\n",
      'line 2: format "sixteen" is not of the form format[xspf][:skew][+offset]',
    ],
    ["r 1 360 10 25:61:99:1\nr.dat 16\n", 'base time "25:61:99:1" is not HH:MM:SS'],
  ])("rejects %j with a RecordError saying why", (text, reason) => {
    expect(() => parseHeader(text, "bad.hea")).toThrow(new RecordError("bad.hea", reason));
  });
});
