/**
 * `confusionMatrixSvg`: a confusion matrix as a standalone SVG heat map: rows = true class, columns =
 * predicted class, each cell with its count and its share of the row (the class's recall on the diagonal),
 * a white-to-blue colour scale with its colour bar, and each row's support. Hand-written SVG, no dependency.
 */
import { describe, expected, unknownOptionMessage } from "../../errors.js";
import { EvaluationError } from "../errors.js";
import { type ConfusionMatrix, checkConfusionMatrix } from "../metrics.js";
import { niceTicks } from "./curves.js";
import { escapeXml, num } from "./svg.js";

/** How the heat map is drawn. */
export interface ConfusionSvgOptions {
  /** Heading above the grid (default "Confusion matrix"). */
  title?: string;
  /**
   * What the colour shows: "true" (default) each cell's share of its row, so that a rare class reads as
   * clearly as a common one; "none" the raw count against the largest cell.
   */
  normalize?: "true" | "none";
}

const OPTIONS = ["title", "normalize"] as const;
const NORMALIZE = ["true", "none"] as const;
const FONT = 12;
// Average glyph width of Helvetica/Arial at 1 px font size, to size margins for the class names.
const GLYPH = 0.6;
// Sequential white-to-blue scale (the stops of ColorBrewer's "Blues"), light = low.
const SCALE = [
  "#f7fbff",
  "#deebf7",
  "#c6dbef",
  "#9ecae1",
  "#6baed6",
  "#4292c6",
  "#2171b5",
  "#08519c",
  "#08306b",
];
const COLORS = { text: "#222222", lightText: "#ffffff", frame: "#8a8a8a", muted: "#666666" } as const;

/** Returns the SVG document (a string) of a confusion matrix heat map; see ConfusionSvgOptions. */
export function confusionMatrixSvg(matrix: ConfusionMatrix, options: ConfusionSvgOptions = {}): string {
  checkConfusionMatrix(matrix);
  const { title, normalize } = checkOptions(options);
  const { classes, counts } = matrix;
  const n = classes.length;
  const rowSums = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const maxCount = Math.max(0, ...counts.flat());
  // The colour's value in [0, 1]: the cell's share of its row, or its fraction of the largest cell.
  const shade = (t: number, p: number) => {
    const full = normalize === "true" ? rowSums[t] : maxCount;
    return full === 0 ? 0 : counts[t][p] / full;
  };

  const cell = Math.max(34, Math.min(84, Math.round(480 / n)));
  const countFont = Math.max(9, Math.min(18, Math.round(cell * 0.24)));
  const shareFont = Math.max(7, Math.round(countFont * 0.72));
  const nameWidth = Math.max(...classes.map((name) => name.length)) * FONT * GLYPH;
  const rotateColumns = nameWidth > cell - 6;
  const grid = n * cell;
  const left = 34 + nameWidth + 10;
  const top = 54;
  const columnLabels = rotateColumns ? nameWidth * Math.SQRT1_2 + 18 : 22;
  const supportWidth = Math.max(28, String(Math.max(...rowSums)).length * FONT * GLYPH + 12);
  const barLeft = left + grid + supportWidth + 18;
  const width = barLeft + 14 + 58;
  const height = top + grid + columnLabels + 34;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" ` +
      `viewBox="0 0 ${num(width)} ${num(height)}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${num(left + grid / 2)}" y="24" font-size="15" font-weight="bold" text-anchor="middle" fill="${COLORS.text}">${escapeXml(title)}</text>`,
  );

  for (let t = 0; t < n; t++) {
    for (let p = 0; p < n; p++) {
      const x = left + p * cell;
      const y = top + t * cell;
      const fill = scaleColor(shade(t, p));
      const ink = readableInk(fill);
      const share = rowSums[t] === 0 ? "" : percent(counts[t][p] / rowSums[t]);
      const countY = share === "" ? y + cell / 2 + countFont * 0.35 : y + cell / 2 - 1;
      out.push(
        `<rect x="${num(x)}" y="${num(y)}" width="${cell}" height="${cell}" fill="${fill}" stroke="#ffffff" stroke-width="1"/>`,
        `<text x="${num(x + cell / 2)}" y="${num(countY)}" font-size="${countFont}" font-weight="bold" text-anchor="middle" fill="${ink}">${counts[t][p]}</text>`,
      );
      if (share !== "")
        out.push(
          `<text x="${num(x + cell / 2)}" y="${num(y + cell / 2 + shareFont + 2)}" font-size="${shareFont}" text-anchor="middle" fill="${ink}">${share}</text>`,
        );
    }
  }
  out.push(
    `<rect x="${num(left)}" y="${num(top)}" width="${grid}" height="${grid}" fill="none" stroke="${COLORS.frame}"/>`,
  );

  // Class names: rows on the left, columns below (turned 45 degrees when a name is wider than a cell).
  for (let i = 0; i < n; i++) {
    const name = escapeXml(classes[i]);
    const centre = i * cell + cell / 2;
    out.push(
      `<text x="${num(left - 8)}" y="${num(top + centre + FONT * 0.35)}" font-size="${FONT}" text-anchor="end" fill="${COLORS.text}">${name}</text>`,
    );
    const cx = left + centre;
    const cy = top + grid + 14;
    out.push(
      rotateColumns
        ? `<text x="${num(cx)}" y="${num(cy)}" font-size="${FONT}" text-anchor="end" transform="rotate(-45 ${num(cx)} ${num(cy)})" fill="${COLORS.text}">${name}</text>`
        : `<text x="${num(cx)}" y="${num(cy + 2)}" font-size="${FONT}" text-anchor="middle" fill="${COLORS.text}">${name}</text>`,
    );
  }

  // Axis titles.
  const axisY = top + grid + columnLabels + 20;
  out.push(
    `<text x="${num(left + grid / 2)}" y="${num(axisY)}" font-size="13" font-weight="bold" text-anchor="middle" fill="${COLORS.text}">Predicted class</text>`,
    `<text x="18" y="${num(top + grid / 2)}" font-size="13" font-weight="bold" text-anchor="middle" transform="rotate(-90 18 ${num(top + grid / 2)})" fill="${COLORS.text}">True class</text>`,
  );

  // Support (row sums) to the right of the grid.
  const supportX = left + grid + 10;
  out.push(
    `<text x="${num(supportX)}" y="${num(top - 8)}" font-size="11" fill="${COLORS.muted}">n</text>`,
    ...rowSums.map(
      (s, t) =>
        `<text x="${num(supportX)}" y="${num(top + t * cell + cell / 2 + 4)}" font-size="11" fill="${COLORS.muted}">${s}</text>`,
    ),
  );

  out.push(
    ...colorBar(barLeft, top, grid, normalize === "true" ? "share of row" : "count", normalize, maxCount),
  );
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

// A vertical colour bar (bands, not a gradient: a gradient needs an id, and ids clash when several
// SVGs are inlined in one HTML page), ticked every 25 % of a row or at nice counts up to the largest.
function colorBar(
  x: number,
  top: number,
  height: number,
  label: string,
  normalize: "true" | "none",
  maxCount: number,
): string[] {
  const bands = 48;
  const out: string[] = [];
  for (let i = 0; i < bands; i++) {
    const y = top + height - ((i + 1) * height) / bands;
    out.push(
      `<rect x="${num(x)}" y="${num(y)}" width="14" height="${num(height / bands + 0.5)}" fill="${scaleColor((i + 0.5) / bands)}"/>`,
    );
  }
  out.push(
    `<rect x="${num(x)}" y="${num(top)}" width="14" height="${num(height)}" fill="none" stroke="${COLORS.frame}"/>`,
  );
  const ticks =
    normalize === "true"
      ? [0, 0.25, 0.5, 0.75, 1].map((f) => ({ f, text: `${f * 100}%` }))
      : niceTicks(0, Math.max(1, maxCount), 4).ticks.map((v) => ({
          f: v / Math.max(1, maxCount),
          text: String(v),
        }));
  for (const { f, text } of ticks) {
    const y = top + height - f * height;
    out.push(
      `<line x1="${num(x + 14)}" x2="${num(x + 18)}" y1="${num(y)}" y2="${num(y)}" stroke="${COLORS.frame}"/>`,
      `<text x="${num(x + 21)}" y="${num(y + 4)}" font-size="10" fill="${COLORS.muted}">${text}</text>`,
    );
  }
  out.push(
    `<text x="${num(x + 7)}" y="${num(top - 8)}" font-size="10" text-anchor="middle" fill="${COLORS.muted}">${label}</text>`,
  );
  return out;
}

function checkOptions(options: ConfusionSvgOptions): { title: string; normalize: "true" | "none" } {
  if (typeof options !== "object" || options === null)
    throw new EvaluationError(expected("an options object", "options", options));
  const unknown = unknownOptionMessage(options, OPTIONS, "confusionMatrixSvg");
  if (unknown !== undefined) throw new EvaluationError(unknown);
  const { title = "Confusion matrix", normalize = "true" } = options;
  if (typeof title !== "string") throw new EvaluationError(expected("a string", "title", title));
  if (!(NORMALIZE as readonly unknown[]).includes(normalize))
    throw new EvaluationError(
      `Unknown normalize ${describe(normalize)}; valid values are ${NORMALIZE.map((v) => `"${v}"`).join(", ")}`,
    );
  return { title, normalize };
}

// A share as a percentage with one decimal ("12.5%"); only exact 0 and 1 read "0%" and "100%", so that a
// single misclassified beat among thousands shows as "<0.1%", not as a perfect "0.0%".
function percent(share: number): string {
  if (share === 0 || share === 1) return `${share * 100}%`;
  if (share < 0.0005) return "&lt;0.1%";
  if (share >= 0.9995) return "&gt;99.9%";
  return `${(share * 100).toFixed(1)}%`;
}

/** Returns the scale's colour ("#rrggbb") for a value in [0, 1], interpolating linearly between stops. */
function scaleColor(value: number): string {
  const v = Math.min(1, Math.max(0, value)) * (SCALE.length - 1);
  const i = Math.min(SCALE.length - 2, Math.floor(v));
  const a = rgb(SCALE[i]);
  const b = rgb(SCALE[i + 1]);
  const f = v - i;
  return `#${a
    .map((c, k) =>
      Math.round(c + (b[k] - c) * f)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

// The text colour (white or near-black) of higher WCAG contrast ratio against a fill.
function readableInk(fill: string): string {
  const background = luminance(fill);
  const contrast = (ink: string) => {
    const l = luminance(ink);
    return (Math.max(l, background) + 0.05) / (Math.min(l, background) + 0.05);
  };
  return contrast(COLORS.lightText) > contrast(COLORS.text) ? COLORS.lightText : COLORS.text;
}

// Relative luminance (WCAG 2) of a "#rrggbb" colour, 0 (black) to 1 (white): picks readable text.
function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}
