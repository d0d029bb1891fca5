import { describe, expect, it } from "vitest";
import { confusionMatrix } from "../../../src/eval/metrics.js";
import { confusionMatrixSvg } from "../../../src/eval/plot/confusion.js";
import { errorMessage } from "../../helpers/errors.js";
import { expectWellFormedXml, texts } from "../../helpers/svg.js";

// The <rect> of grid cell (t, p) and the <text> elements right after it.
function cellSvg(svg: string, t: number, p: number, classes: number): string {
  const cells = svg
    .split("\n")
    .filter((line) => line.startsWith("<rect") && line.includes('stroke="#ffffff"'));
  const rect = cells[t * classes + p];
  const lines = svg.split("\n");
  const at = lines.indexOf(rect);
  return lines.slice(at, at + 3).join("\n");
}

const AAMI = {
  classes: ["N", "S", "V", "F", "Q"],
  counts: [
    [44011, 520, 190, 310, 2],
    [830, 1012, 40, 3, 0],
    [120, 35, 3000, 61, 4],
    [190, 2, 80, 115, 1],
    [0, 0, 0, 0, 0],
  ],
};

describe("confusionMatrixSvg", () => {
  it("is well-formed SVG with every class name on both axes, every count, and the axis titles", () => {
    const svg = confusionMatrixSvg(AAMI, { title: "DS2" });
    expectWellFormedXml(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const shown = texts(svg);
    for (const name of AAMI.classes) expect(shown.filter((t) => t === name)).toHaveLength(2);
    for (const count of AAMI.counts.flat()) expect(shown).toContain(String(count));
    expect(shown).toEqual(
      expect.arrayContaining(["DS2", "True class", "Predicted class", "n", "45033", "388"]),
    );
  });

  it("writes each cell's row percentage, '<0.1%' for a tiny share and none in a row without support", () => {
    const svg = confusionMatrixSvg(AAMI);
    const shown = texts(svg);
    // 44011 / 45033 = 97.73 %, 1012 / 1885 = 53.69 %, 2 / 45033 = 0.0044 %
    expect(shown).toEqual(expect.arrayContaining(["97.7%", "53.7%", "<0.1%", "0%"]));
    expect(svg).toContain(">&lt;0.1%<");
    expect(cellSvg(svg, 4, 0, 5)).not.toContain("%");
    expect(texts(cellSvg(svg, 1, 1, 5))).toEqual(["1012", "53.7%"]);
  });

  it("shades by row share by default and by count with normalize 'none', switching text colour for contrast", () => {
    const m = {
      classes: ["A", "B"],
      counts: [
        [1000, 0],
        [0, 5],
      ],
    };
    const byRow = confusionMatrixSvg(m);
    // Both diagonal cells hold 100 % of their row: the darkest blue with white text; off-diagonal white, dark text.
    expect(cellSvg(byRow, 1, 1, 2)).toContain('fill="#08306b"');
    expect(cellSvg(byRow, 1, 1, 2)).toMatch(/<text [^>]*fill="#ffffff">5</);
    expect(cellSvg(byRow, 0, 1, 2)).toContain('fill="#f7fbff"');
    expect(cellSvg(byRow, 0, 1, 2)).toMatch(/<text [^>]*fill="#222222">0</);
    const byCount = confusionMatrixSvg(m, { normalize: "none" });
    // 5 of the largest count 1000 is 0.5 % of the scale: nearly white, dark text.
    expect(cellSvg(byCount, 0, 0, 2)).toContain('fill="#08306b"');
    expect(cellSvg(byCount, 1, 1, 2)).toMatch(/fill="#f[0-9a-f]{5}"/);
    expect(cellSvg(byCount, 1, 1, 2)).toMatch(/<text [^>]*fill="#222222">5</);
    expect(texts(byCount)).toEqual(expect.arrayContaining(["count", "0", "200", "1000"]));
    expect(texts(byRow)).toEqual(expect.arrayContaining(["share of row", "0%", "50%", "100%"]));
  });

  it("escapes class names and the title, and turns column names wider than a cell", () => {
    const m = confusionMatrix([0, 1, 1], [0, 1, 0], [`<AF & "flutter">`, "Normal sinus rhythm, long name"]);
    const svg = confusionMatrixSvg(m, { title: "R&D <1>" });
    expectWellFormedXml(svg);
    expect(svg).toContain("&lt;AF &amp; &quot;flutter&quot;&gt;");
    expect(svg).not.toContain("<AF");
    expect(texts(svg)).toContain("R&D <1>");
    expect(svg).toContain('transform="rotate(-45');
    expect(confusionMatrixSvg(AAMI)).not.toContain("rotate(-45");
  });

  it("draws a one-class and an all-zero matrix", () => {
    expectWellFormedXml(confusionMatrixSvg({ classes: ["N"], counts: [[3]] }));
    const empty = confusionMatrixSvg({
      classes: ["N", "V"],
      counts: [
        [0, 0],
        [0, 0],
      ],
    });
    expectWellFormedXml(empty);
    // No row has support, so no cell has a percentage.
    for (const [t, p] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ])
      expect(texts(cellSvg(empty, t, p, 2))).toEqual(["0"]);
  });

  it("rejects a malformed matrix or bad options with an EvaluationError naming the problem", () => {
    const bad = (f: () => unknown) => errorMessage(f, "ERR_EVAL");
    expect(bad(() => confusionMatrixSvg({ classes: ["A"], counts: [[-1]] }))).toBe(
      "Expected a non-negative integer count for matrix.counts[0][0] but received -1",
    );
    expect(bad(() => confusionMatrixSvg(AAMI, { normalize: "pred" as "none" }))).toBe(
      'Unknown normalize "pred"; valid values are "true", "none"',
    );
    expect(bad(() => confusionMatrixSvg(AAMI, { titel: "x" } as object))).toBe(
      'Unknown confusionMatrixSvg option "titel"; valid options are title, normalize',
    );
    expect(bad(() => confusionMatrixSvg(AAMI, { title: 3 as unknown as string }))).toBe(
      "Expected a string for title but received 3",
    );
  });
});
