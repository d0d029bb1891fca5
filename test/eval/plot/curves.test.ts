import { describe, expect, it } from "vitest";
import { EfficientEcgError } from "../../../src/errors.js";
import { lineChartSvg, niceTicks } from "../../../src/eval/plot/curves.js";
import { errorMessage } from "../../helpers/errors.js";
import { expectWellFormedXml, texts } from "../../helpers/svg.js";

// Each polyline's points as [x, y] pairs (coordinates inside the plot's viewport).
function polylines(svg: string): number[][][] {
  return [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((m) =>
    m[1].split(" ").map((pair) => pair.split(",").map(Number)),
  );
}

const epochs = (ys: number[]) => ys.map((y, i) => ({ x: i + 1, y }));

describe("niceTicks", () => {
  it("steps by 1, 2 or 5 x 10^k and writes ticks without floating-point noise", () => {
    expect(niceTicks(0, 1.24, 6)).toEqual({ step: 0.2, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2] });
    expect(niceTicks(0, 44011, 4).ticks).toEqual([0, 10000, 20000, 30000, 40000]);
    expect(niceTicks(1, 30, 6).ticks).toEqual([5, 10, 15, 20, 25, 30]);
    expect(niceTicks(0.1, 0.3, 2).ticks).toEqual([0.1, 0.2, 0.3]);
    expect(niceTicks(-0.03, 0.02, 5).ticks).toEqual([-0.03, -0.02, -0.01, 0, 0.01, 0.02]);
    expect(niceTicks(2e-7, 9e-7, 4).step).toBeCloseTo(2e-7, 20);
  });

  it("widens an empty span and rejects a reversed or non-finite one", () => {
    expect(niceTicks(0, 0, 4).ticks).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(3, 3, 3).ticks).toEqual([2, 3, 4]); // widened to 1.5..4.5
    expect(() => niceTicks(1, 0)).toThrow("niceTicks needs finite lo <= hi, got lo 1 and hi 0");
    expect(() => niceTicks(0, Number.NaN)).toThrow(EfficientEcgError);
  });
});

describe("lineChartSvg", () => {
  const train = epochs([1.1, 0.8, 0.6, 0.45, 0.4]);
  const validation = epochs([1.2, 0.9, 0.75, 0.7, 0.72]);

  it("is well-formed SVG with a title, axis titles, nice ticks, grid lines and a legend", () => {
    const svg = lineChartSvg(
      [
        { name: "train", points: train },
        { name: "validation", points: validation },
      ],
      { title: "Loss", xLabel: "epoch", yLabel: "cross-entropy" },
    );
    expectWellFormedXml(svg);
    const shown = texts(svg);
    expect(shown).toEqual(expect.arrayContaining(["Loss", "epoch", "cross-entropy", "train", "validation"]));
    // y from 0.4 to 1.2 in steps of 0.1; x from 1 to 5 in steps of 0.5
    for (const tick of ["0.4", "0.6", "0.8", "1", "1.2", "1", "2", "5"]) expect(shown).toContain(tick);
    expect(shown).not.toContain("0.30000000000000004");
    expect(svg.match(/stroke="#e3e3e3"/g)?.length).toBeGreaterThanOrEqual(8);
    expect(polylines(svg)).toHaveLength(2);
  });

  it("maps the data range onto the plot: the first and last point sit on the corners of a nice-range chart", () => {
    const [line] = polylines(
      lineChartSvg([
        {
          name: "a",
          points: [
            { x: 0, y: 0 },
            { x: 10, y: 1 },
          ],
        },
      ]),
    );
    const [[x0, y0], [x1, y1]] = line;
    expect([x0, y1]).toEqual([0, 0]);
    expect(x1).toBeGreaterThan(400); // plot width
    expect(y0).toBeGreaterThan(250); // plot height, y pointing down
  });

  it("draws one colour, marker shape and legend entry per series", () => {
    const names = ["a", "b", "c", "d"];
    const svg = lineChartSvg(names.map((name, i) => ({ name, points: epochs([i, i + 1, i + 2]) })));
    const colours = polylines(svg).length;
    expect(colours).toBe(4);
    const strokes = [...svg.matchAll(/<polyline [^>]*stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(new Set(strokes).size).toBe(4);
    // 3 markers per series plus one in each legend entry, each shape once per series
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg.match(/<rect x=/g)).toHaveLength(4);
    expect(svg.match(/<path d="M[^"]*z" fill=/g)).toHaveLength(8); // triangles and diamonds
  });

  it("skips NaN and infinite points, breaking the line there", () => {
    const svg = lineChartSvg([
      { name: "loss", points: epochs([1, 0.8, Number.NaN, 0.5, 0.4, Number.POSITIVE_INFINITY, 0.3]) },
    ]);
    expectWellFormedXml(svg);
    const lines = polylines(svg);
    expect(lines.map((l) => l.length)).toEqual([2, 2]); // the lone 0.3 is a marker only
    expect(svg.match(/<circle /g)).toHaveLength(5 + 1); // 5 finite points and the legend's
    expect(svg).not.toContain("NaN");
    expect(svg).not.toContain("Infinity");
  });

  it("renders axes, 'no data' and the legend when every series is empty or non-finite", () => {
    const svg = lineChartSvg(
      [
        { name: "train", points: [] },
        { name: "val", points: [{ x: 1, y: Number.NaN }] },
      ],
      { xLabel: "epoch" },
    );
    expectWellFormedXml(svg);
    const shown = texts(svg);
    expect(shown).toEqual(
      expect.arrayContaining(["no data", "train (no data)", "val (no data)", "epoch", "0", "1"]),
    );
    expect(polylines(svg)).toHaveLength(0);
    const none = lineChartSvg([]);
    expectWellFormedXml(none);
    expect(texts(none)).toContain("no data");
  });

  it("fixes the y axis to yMin/yMax, clipping points outside it, and keeps a span when only one end is fixed", () => {
    const svg = lineChartSvg([{ name: "F1", points: epochs([0.3, 0.7, 0.9, 0.95]) }], { yMin: 0.5, yMax: 1 });
    const yTicks = texts(svg).filter((t) => Number(t) < 1.01 && t.includes("."));
    expect(yTicks).toEqual(["0.5", "0.6", "0.7", "0.8", "0.9"]);
    expect(svg).toMatch(
      /<svg x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" viewBox="[^"]*" overflow="hidden">/,
    );
    const below = lineChartSvg([{ name: "loss", points: epochs([-5, -4]) }], { yMin: 0 });
    expect(texts(below)).toEqual(expect.arrayContaining(["0", "1"]));
  });

  it("escapes series names and labels", () => {
    const svg = lineChartSvg([{ name: `<F1> & "Se"`, points: epochs([0.5, 0.6]) }], {
      title: "a < b",
      yLabel: "R&D",
    });
    expectWellFormedXml(svg);
    expect(svg).toContain("&lt;F1&gt; &amp; &quot;Se&quot;");
    expect(texts(svg)).toEqual(expect.arrayContaining(["a < b", "R&D"]));
  });

  it("rejects malformed series and options with an EvaluationError naming the argument", () => {
    const message = (f: () => unknown) => errorMessage(f, "ERR_EVAL");
    expect(message(() => lineChartSvg({} as never))).toBe(
      "Expected an array of { name, points } for series but received Object",
    );
    expect(
      message(() => lineChartSvg([{ name: "a", points: [{ x: 1, y: "2" as unknown as number }] }])),
    ).toBe('Expected a number for series[0].points[0].y but received "2"');
    expect(message(() => lineChartSvg([{ name: 1 as unknown as string, points: [] }]))).toBe(
      "Expected a string for series[0].name but received 1",
    );
    expect(message(() => lineChartSvg([], { yMin: 1, yMax: 1 }))).toBe("yMin (1) must be below yMax (1)");
    expect(message(() => lineChartSvg([], { yMax: Number.NaN }))).toBe(
      "Expected a finite number for yMax but received NaN",
    );
    expect(message(() => lineChartSvg([], { xlabel: "epoch" } as object))).toBe(
      'Unknown lineChartSvg option "xlabel"; valid options are title, xLabel, yLabel, yMin, yMax',
    );
  });
});
