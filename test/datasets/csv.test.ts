import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/datasets/csv.js";

describe("parseCsv", () => {
  it("splits plain rows with LF or CRLF endings", () => {
    expect(parseCsv("A00001,N\r\nA00002,~\n")).toEqual([
      ["A00001", "N"],
      ["A00002", "~"],
    ]);
  });

  it("keeps commas, doubled quotes and line breaks inside quoted fields (as in ludb.csv)", () => {
    expect(parseCsv('1,"F\n","a, ""b""",\n')).toEqual([["1", "F\n", 'a, "b"', ""]]);
  });

  it("reads a last row without a line break and an empty text as no rows", () => {
    expect(parseCsv("x,y")).toEqual([["x", "y"]]);
    expect(parseCsv("")).toEqual([]);
  });
});
