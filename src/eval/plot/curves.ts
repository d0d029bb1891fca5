/**
 * `lineChartSvg`: training curves (loss per epoch, metrics per epoch) as a standalone SVG line chart: axes with
 * "nice" ticks (1, 2 or 5 x 10^k), grid lines, one coloured polyline with point markers per series and a
 * legend. Non-finite points are skipped (the line breaks there). Hand-written SVG, no dependency.
 */
import { expected, unknownOptionMessage } from "../../errors.js";
import { EvaluationError } from "../errors.js";
import { escapeXml, num } from "./svg.js";

/** One named line: points in data units, drawn in the given order. */
export interface ChartSeries {
  name: string;
  points: { x: number; y: number }[];
}

/** Labels and the y range of a line chart. */
export interface LineChartOptions {
  /** Heading above the chart. */
  title?: string;
  /** Title of the x axis, e.g. "epoch". */
  xLabel?: string;
  /** Title of the y axis, e.g. "loss". */
  yLabel?: string;
  /** Bottom of the y axis (default: the data's minimum rounded down to a tick); points below are clipped. */
  yMin?: number;
  /** Top of the y axis (default: the data's maximum rounded up to a tick); points above are clipped. */
  yMax?: number;
}

const OPTIONS = ["title", "xLabel", "yLabel", "yMin", "yMax"] as const;
const WIDTH = 720;
const HEIGHT = 420;
const FONT = 12;
// Average glyph width of Helvetica/Arial at 1 px font size, to size the legend for the series names.
const GLYPH = 0.6;
// Tableau 10, a qualitative palette whose colours stay apart for most colour-vision deficiencies.
const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];
const MARKERS = ["circle", "square", "triangle", "diamond"] as const;
// NOTE: past this many points a series is drawn as a line only: markers would merge into a thick band.
const MAX_MARKERS = 150;
const COLORS = { text: "#222222", axis: "#444444", grid: "#e3e3e3", muted: "#888888" } as const;

/** Returns the SVG document (a string) of a line chart of the series; see LineChartOptions. */
export function lineChartSvg(series: ChartSeries[], options: LineChartOptions = {}): string {
  checkSeries(series);
  const { title, xLabel, yLabel, yMin, yMax } = checkOptions(options);
  const finite = series.map((s) => s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  const all = finite.flat();
  const hasData = all.length > 0;

  const legendWidth =
    Math.max(0, ...series.map((s, i) => legendLabel(s.name, finite[i].length).length)) * FONT * GLYPH;
  const plot = {
    left: 74,
    top: title === "" ? 20 : 44,
    right: WIDTH - (series.length > 0 ? 48 + legendWidth : 24),
    bottom: HEIGHT - 52,
  };
  const plotW = plot.right - plot.left;
  const plotH = plot.bottom - plot.top;
  // The ticks' text is String(tick): niceTicks rounds each tick, so the shortest form is exact.
  const xAxis = axisRange(
    hasData ? all.map((p) => p.x) : [0, 1],
    undefined,
    undefined,
    Math.max(3, plotW / 90),
  );
  const yAxis = axisRange(
    hasData ? all.map((p) => p.y) : [yMin ?? 0, yMax ?? 1],
    yMin,
    yMax,
    Math.max(3, plotH / 55),
  );
  // Coordinates inside the clipping viewport, whose origin is the plot's top-left corner.
  const px = (x: number) => ((x - xAxis.lo) / (xAxis.hi - xAxis.lo)) * plotW;
  const py = (y: number) => plotH - ((y - yAxis.lo) / (yAxis.hi - yAxis.lo)) * plotH;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(title === "" ? "Line chart" : title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  );
  if (title !== "")
    out.push(
      `<text x="${num(plot.left + plotW / 2)}" y="26" font-size="15" font-weight="bold" text-anchor="middle" fill="${COLORS.text}">${escapeXml(title)}</text>`,
    );

  // Grid lines and tick labels.
  for (const x of xAxis.ticks) {
    const gx = plot.left + px(x);
    out.push(
      `<line x1="${num(gx)}" x2="${num(gx)}" y1="${num(plot.top)}" y2="${num(plot.bottom)}" stroke="${COLORS.grid}"/>`,
      `<line x1="${num(gx)}" x2="${num(gx)}" y1="${num(plot.bottom)}" y2="${num(plot.bottom + 5)}" stroke="${COLORS.axis}"/>`,
      `<text x="${num(gx)}" y="${num(plot.bottom + 18)}" font-size="11" text-anchor="middle" fill="${COLORS.text}">${x}</text>`,
    );
  }
  for (const y of yAxis.ticks) {
    const gy = plot.top + py(y);
    out.push(
      `<line x1="${num(plot.left)}" x2="${num(plot.right)}" y1="${num(gy)}" y2="${num(gy)}" stroke="${COLORS.grid}"/>`,
      `<line x1="${num(plot.left - 5)}" x2="${num(plot.left)}" y1="${num(gy)}" y2="${num(gy)}" stroke="${COLORS.axis}"/>`,
      `<text x="${num(plot.left - 8)}" y="${num(gy + 4)}" font-size="11" text-anchor="end" fill="${COLORS.text}">${y}</text>`,
    );
  }
  out.push(
    `<path d="M${num(plot.left)} ${num(plot.top)}V${num(plot.bottom)}H${num(plot.right)}" stroke="${COLORS.axis}" fill="none"/>`,
  );
  if (xLabel !== "")
    out.push(
      `<text x="${num(plot.left + plotW / 2)}" y="${num(HEIGHT - 14)}" font-size="13" text-anchor="middle" fill="${COLORS.text}">${escapeXml(xLabel)}</text>`,
    );
  if (yLabel !== "") {
    const cy = plot.top + plotH / 2;
    out.push(
      `<text x="20" y="${num(cy)}" font-size="13" text-anchor="middle" transform="rotate(-90 20 ${num(cy)})" fill="${COLORS.text}">${escapeXml(yLabel)}</text>`,
    );
  }

  // The data, in a nested viewport (the plot plus a 4 px rim for the markers) that clips whatever falls
  // outside an explicit yMin/yMax; unlike a clipPath it needs no id, so several charts can share one HTML page.
  out.push(
    `<svg x="${num(plot.left - 4)}" y="${num(plot.top - 4)}" width="${num(plotW + 8)}" height="${num(plotH + 8)}" viewBox="-4 -4 ${num(plotW + 8)} ${num(plotH + 8)}" overflow="hidden">`,
  );
  series.forEach((s, i) => {
    const style = seriesStyle(i);
    for (const run of finiteRuns(s.points))
      if (run.length > 1)
        out.push(
          `<polyline points="${run.map((p) => `${num(px(p.x))},${num(py(p.y))}`).join(" ")}" fill="none" stroke="${style.color}" stroke-width="2" stroke-linejoin="round"${style.dash}/>`,
        );
    if (finite[i].length <= MAX_MARKERS)
      for (const p of finite[i]) out.push(marker(style.marker, px(p.x), py(p.y), style.color));
  });
  out.push("</svg>");
  if (!hasData)
    out.push(
      `<text x="${num(plot.left + plotW / 2)}" y="${num(plot.top + plotH / 2 + 6)}" font-size="16" text-anchor="middle" fill="${COLORS.muted}">no data</text>`,
    );

  // Legend to the right of the plot: a line sample (with its marker where the series has them), the name.
  series.forEach((s, i) => {
    const style = seriesStyle(i);
    const x = plot.right + 16;
    const y = plot.top + 8 + i * 20;
    out.push(
      `<line x1="${num(x)}" x2="${num(x + 22)}" y1="${num(y)}" y2="${num(y)}" stroke="${style.color}" stroke-width="2"${style.dash}/>`,
    );
    if (finite[i].length <= MAX_MARKERS) out.push(marker(style.marker, x + 11, y, style.color));
    out.push(
      `<text x="${num(x + 28)}" y="${num(y + 4)}" font-size="${FONT}" fill="${finite[i].length > 0 ? COLORS.text : COLORS.muted}">${escapeXml(legendLabel(s.name, finite[i].length))}</text>`,
    );
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/**
 * Returns evenly spaced "nice" tick values (multiples of 1, 2 or 5 x 10^k) from `lo` to `hi` inclusive, about
 * `count` of them, and their spacing; an empty span is widened so that there are always at least two ticks.
 */
export function niceTicks(lo: number, hi: number, count = 5): { step: number; ticks: number[] } {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo))
    throw new EvaluationError(`niceTicks needs finite lo <= hi, got lo ${lo} and hi ${hi}`);
  if (hi === lo) [lo, hi] = lo === 0 ? [-1, 1] : [lo - Math.abs(lo) / 2, hi + Math.abs(hi) / 2];
  const raw = (hi - lo) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  // The nearest of 1, 2, 5, 10 on a log scale (the cut points are their geometric means), as d3's ticks.
  const step =
    (fraction >= Math.sqrt(50) ? 10 : fraction >= Math.sqrt(10) ? 5 : fraction >= Math.SQRT2 ? 2 : 1) *
    magnitude;
  const ticks: number[] = [];
  // NOTE: ticks are k * step for integer k (never a running sum), rounded to 12 significant digits so
  // that 3 * 0.1 is written "0.3".
  for (let k = Math.ceil(lo / step - 1e-9); k <= Math.floor(hi / step + 1e-9); k++)
    ticks.push(Number((k * step).toPrecision(12)) || 0);
  return { step, ticks };
}

// An axis over the values: from fixedLo/fixedHi where given, else the data's extent rounded out to ticks.
function axisRange(
  values: number[],
  fixedLo: number | undefined,
  fixedHi: number | undefined,
  count: number,
): { lo: number; hi: number; ticks: number[] } {
  // A loop, not Math.min(...values): a per-step loss curve can have more points than a call takes arguments.
  let dataLo = Number.POSITIVE_INFINITY;
  let dataHi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < dataLo) dataLo = v;
    if (v > dataHi) dataHi = v;
  }
  let lo = fixedLo ?? dataLo;
  let hi = fixedHi ?? dataHi;
  // Only one end fixed and every value beyond it: keep a span of one above or below it.
  if (hi <= lo) {
    if (fixedHi === undefined) hi = lo + 1;
    else lo = hi - 1;
  }
  const { step } = niceTicks(lo, hi, count);
  if (fixedLo === undefined) lo = Math.floor(lo / step + 1e-9) * step;
  if (fixedHi === undefined) hi = Math.ceil(hi / step - 1e-9) * step;
  if (hi === lo) [lo, hi] = [lo - step, hi + step];
  return { lo, hi, ticks: niceTicks(lo, hi, count).ticks };
}

// The points split into runs of consecutive finite points: a NaN or infinite point breaks the line.
function finiteRuns(points: { x: number; y: number }[]): { x: number; y: number }[][] {
  const runs: { x: number; y: number }[][] = [[]];
  for (const p of points) {
    if (Number.isFinite(p.x) && Number.isFinite(p.y)) runs[runs.length - 1].push(p);
    else if (runs[runs.length - 1].length > 0) runs.push([]);
  }
  return runs;
}

function seriesStyle(i: number): { color: string; marker: (typeof MARKERS)[number]; dash: string } {
  return {
    color: PALETTE[i % PALETTE.length],
    marker: MARKERS[i % MARKERS.length],
    // Past ten series the colours repeat, so the second round is dashed.
    dash: i >= PALETTE.length ? ` stroke-dasharray="6,3"` : "",
  };
}

function marker(shape: (typeof MARKERS)[number], x: number, y: number, color: string): string {
  const style = `fill="${color}" stroke="#ffffff" stroke-width="0.8"`;
  switch (shape) {
    case "circle":
      return `<circle cx="${num(x)}" cy="${num(y)}" r="3.5" ${style}/>`;
    case "square":
      return `<rect x="${num(x - 3.2)}" y="${num(y - 3.2)}" width="6.4" height="6.4" ${style}/>`;
    case "triangle":
      return `<path d="M${num(x)} ${num(y - 4.2)}L${num(x + 4)} ${num(y + 3)}H${num(x - 4)}z" ${style}/>`;
    case "diamond":
      return `<path d="M${num(x)} ${num(y - 4.5)}L${num(x + 4.5)} ${num(y)}L${num(x)} ${num(y + 4.5)}L${num(x - 4.5)} ${num(y)}z" ${style}/>`;
  }
}

function legendLabel(name: string, finitePoints: number): string {
  return finitePoints > 0 ? name : `${name} (no data)`;
}

function checkSeries(series: ChartSeries[]): void {
  if (!Array.isArray(series))
    throw new EvaluationError(expected("an array of { name, points }", "series", series));
  series.forEach((s, i) => {
    if (typeof s !== "object" || s === null)
      throw new EvaluationError(expected("an object { name, points }", `series[${i}]`, s));
    if (typeof s.name !== "string")
      throw new EvaluationError(expected("a string", `series[${i}].name`, s.name));
    if (!Array.isArray(s.points))
      throw new EvaluationError(expected("an array of { x, y }", `series[${i}].points`, s.points));
    s.points.forEach((p, j) => {
      if (typeof p !== "object" || p === null)
        throw new EvaluationError(expected("an object { x, y }", `series[${i}].points[${j}]`, p));
      for (const axis of ["x", "y"] as const)
        if (typeof p[axis] !== "number")
          throw new EvaluationError(expected("a number", `series[${i}].points[${j}].${axis}`, p[axis]));
    });
  });
}

function checkOptions(options: LineChartOptions): Required<
  Pick<LineChartOptions, "title" | "xLabel" | "yLabel">
> & {
  yMin: number | undefined;
  yMax: number | undefined;
} {
  if (typeof options !== "object" || options === null)
    throw new EvaluationError(expected("an options object", "options", options));
  const unknown = unknownOptionMessage(options, OPTIONS, "lineChartSvg");
  if (unknown !== undefined) throw new EvaluationError(unknown);
  const { title = "", xLabel = "", yLabel = "", yMin, yMax } = options;
  for (const [name, value] of Object.entries({ title, xLabel, yLabel }))
    if (typeof value !== "string") throw new EvaluationError(expected("a string", name, value));
  for (const [name, value] of Object.entries({ yMin, yMax }))
    if (value !== undefined && !Number.isFinite(value))
      throw new EvaluationError(expected("a finite number", name, value));
  if (yMin !== undefined && yMax !== undefined && !(yMin < yMax))
    throw new EvaluationError(`yMin (${yMin}) must be below yMax (${yMax})`);
  return { title, xLabel, yLabel, yMin, yMax };
}
