/**
 * `ecgStripSvg`: an ECG strip as a standalone SVG on standard ECG paper (25 mm/s, 10 mm/mV: 1 mm = 40 ms
 * horizontally and 0.1 mV vertically, a bold line every 5 mm), with a 1 mV calibration pulse, the trace,
 * detected R peaks, P waves (onset-peak-offset), reference beat labels and a time axis. Hand-written SVG,
 * no dependency: it opens in any browser and converts with rsvg-convert or Inkscape.
 */
import type { PWave } from "../../detect/pwave.js";
import { ConfigError, expected } from "../../errors.js";
import { escapeXml, num } from "./svg.js";

/** A reference label drawn above the strip, e.g. a beat symbol "N" or a rhythm "(AFIB". */
export interface StripLabel {
  sample: number;
  label: string;
}

/** What to draw. Sample indices (peaks, waves, labels) are in the record's frame, like `startSample`. */
export interface EcgStripOptions {
  /** The strip's samples in mV; NaN samples leave gaps. */
  signal: Float32Array;
  /** Sampling frequency in Hz. */
  fs: number;
  /** Record sample index of signal[0] (default 0): the time axis shows record time. */
  startSample?: number;
  /** Heading, e.g. "MIT-BIH 100, lead MLII". */
  title?: string;
  /** Detected R peaks (record sample indices); those outside the strip are skipped. */
  rPeaks?: ArrayLike<number>;
  /** P waves (record sample indices), null entries (beats without one) skipped. */
  pWaves?: ReadonlyArray<PWave | null>;
  /** Reference labels, e.g. the beat symbols of a `.atr` file. */
  reference?: readonly StripLabel[];
  /** Pixels per millimetre of ECG paper (default 4: 100 px per second). */
  pxPerMm?: number;
}

const MM_PER_S = 25;
const MM_PER_MV = 10;
const COLORS = {
  minor: "#f7d4d4",
  major: "#e9a3a3",
  trace: "#1a1a1a",
  rPeak: "#d62728",
  pWave: "#1f77b4",
  reference: "#2ca02c",
  text: "#333333",
} as const;

/** Returns the SVG document (a string) of an ECG strip on ECG paper; see EcgStripOptions. */
export function ecgStripSvg(options: EcgStripOptions): string {
  const { signal, fs, startSample = 0, title = "", rPeaks = [], pWaves = [], reference = [] } = options;
  const pxPerMm = options.pxPerMm ?? 4;
  if (!(signal instanceof Float32Array) || signal.length < 2)
    throw new ConfigError(expected("a Float32Array of at least 2 samples", "signal", signal));
  if (!(Number.isFinite(fs) && fs > 0))
    throw new ConfigError(expected("a positive sampling rate in Hz", "fs", fs));
  if (!(Number.isFinite(pxPerMm) && pxPerMm >= 1 && pxPerMm <= 40))
    throw new ConfigError(expected("a number from 1 to 40", "pxPerMm", pxPerMm));
  if (!Number.isInteger(startSample))
    throw new ConfigError(expected("an integer", "startSample", startSample));

  // Paper: the signal's range rounded out to whole 0.5 mV (5 mm) squares, at least 2 mV tall.
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of signal) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) [lo, hi] = [-1, 1];
  let bottomMv = Math.floor((lo - 0.15) * 2) / 2;
  let topMv = Math.ceil((hi + 0.15) * 2) / 2;
  if (topMv - bottomMv < 2) {
    bottomMv = Math.floor(((topMv + bottomMv) / 2 - 1) * 2) / 2;
    topMv = bottomMv + 2;
  }
  const durationS = (signal.length - 1) / fs;
  const paperW = Math.ceil(durationS * MM_PER_S) * pxPerMm;
  const paperH = (topMv - bottomMv) * MM_PER_MV * pxPerMm;
  const margin = { left: 20 * pxPerMm, right: 3 * pxPerMm, top: 44, bottom: 52 };
  const width = margin.left + paperW + margin.right;
  const height = margin.top + paperH + margin.bottom;
  const x = (sample: number) => margin.left + ((sample - startSample) / fs) * MM_PER_S * pxPerMm;
  const y = (mv: number) => margin.top + (topMv - mv) * MM_PER_MV * pxPerMm;
  const inStrip = (sample: number) => sample >= startSample && sample < startSample + signal.length;
  const valueAt = (sample: number) => signal[Math.round(sample) - startSample];

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" ` +
      `viewBox="0 0 ${num(width)} ${num(height)}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${num(margin.left)}" y="16" font-size="14" font-weight="bold" fill="${COLORS.text}">${escapeXml(title)}</text>`,
  );
  out.push(...paper(margin.left, margin.top, paperW, paperH, pxPerMm));
  out.push(calibrationPulse(2 * pxPerMm, y, bottomMv, pxPerMm));
  for (let mv = Math.ceil(bottomMv * 2) / 2; mv <= topMv + 1e-9; mv += 0.5) {
    out.push(
      `<text x="${num(margin.left - 3)}" y="${num(y(mv) + 3)}" font-size="9" text-anchor="end" fill="${COLORS.text}">${num(mv)}</text>`,
    );
  }

  // P waves under the trace: a band from onset to offset and a dot on the peak.
  for (const wave of pWaves) {
    if (!wave || !inStrip(wave.peak)) continue;
    const x0 = x(Math.max(wave.onset, startSample));
    const x1 = x(Math.min(wave.offset, startSample + signal.length - 1));
    out.push(
      `<rect x="${num(x0)}" y="${num(margin.top)}" width="${num(Math.max(1, x1 - x0))}" height="${num(paperH)}" fill="${COLORS.pWave}" fill-opacity="0.12"/>`,
    );
    for (const edge of [x0, x1])
      out.push(
        `<line x1="${num(edge)}" x2="${num(edge)}" y1="${num(margin.top)}" y2="${num(margin.top + paperH)}" stroke="${COLORS.pWave}" stroke-opacity="0.5" stroke-dasharray="3,3"/>`,
      );
    const v = valueAt(wave.peak);
    if (Number.isFinite(v))
      out.push(`<circle cx="${num(x(wave.peak))}" cy="${num(y(v))}" r="3" fill="${COLORS.pWave}"/>`);
  }

  out.push(...trace(signal, fs, x, y, startSample, pxPerMm));

  // Detected R peaks: a dot on the trace and a marker on the top edge of the paper.
  for (const peak of Array.from(rPeaks)) {
    if (!inStrip(peak)) continue;
    const px = x(peak);
    const v = valueAt(peak);
    if (Number.isFinite(v))
      out.push(
        `<circle cx="${num(px)}" cy="${num(y(v))}" r="3.5" fill="none" stroke="${COLORS.rPeak}" stroke-width="1.5"/>`,
      );
    out.push(`<path d="M${num(px - 5)} ${num(margin.top - 8)}h10l-5 8z" fill="${COLORS.rPeak}"/>`);
  }

  // Reference labels above the paper.
  for (const { sample, label } of reference) {
    if (!inStrip(sample)) continue;
    out.push(
      `<text x="${num(x(sample))}" y="${num(margin.top - 12)}" font-size="11" text-anchor="middle" fill="${COLORS.reference}">${escapeXml(label)}</text>`,
    );
  }

  // Time axis: a tick and a label every second of record time.
  const axisY = margin.top + paperH;
  const firstSecond = Math.ceil(startSample / fs);
  for (let s = firstSecond; s <= (startSample + signal.length - 1) / fs + 1e-9; s++) {
    const px = x(s * fs);
    out.push(
      `<line x1="${num(px)}" x2="${num(px)}" y1="${num(axisY)}" y2="${num(axisY + 5)}" stroke="${COLORS.text}"/>`,
      `<text x="${num(px)}" y="${num(axisY + 17)}" font-size="10" text-anchor="middle" fill="${COLORS.text}">${s} s</text>`,
    );
  }
  out.push(legend(margin.left, height - 12, reference.length > 0));
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

// The grid as two paths (1 mm and 5 mm lines), so that a long strip stays a small file.
function paper(left: number, top: number, w: number, h: number, pxPerMm: number): string[] {
  const minor: string[] = [];
  const major: string[] = [];
  for (let mm = 0; mm * pxPerMm <= w + 1e-6; mm++)
    (mm % 5 === 0 ? major : minor).push(`M${num(left + mm * pxPerMm)} ${num(top)}v${num(h)}`);
  for (let mm = 0; mm * pxPerMm <= h + 1e-6; mm++)
    (mm % 5 === 0 ? major : minor).push(`M${num(left)} ${num(top + mm * pxPerMm)}h${num(w)}`);
  return [
    `<path d="${minor.join("")}" stroke="${COLORS.minor}" stroke-width="0.6" fill="none"/>`,
    `<path d="${major.join("")}" stroke="${COLORS.major}" stroke-width="1" fill="none"/>`,
  ];
}

// The standard 1 mV, 200 ms calibration pulse, drawn in the left margin 0.5 mV above the paper's bottom.
function calibrationPulse(
  left: number,
  y: (mv: number) => number,
  bottomMv: number,
  pxPerMm: number,
): string {
  const base = bottomMv + 0.5;
  const step = 5 * pxPerMm;
  return (
    `<path d="M${num(left)} ${num(y(base))}h${num(step / 2)}V${num(y(base + 1))}h${num(step)}V${num(y(base))}h${num(step / 2)}" ` +
    `stroke="${COLORS.trace}" stroke-width="1.2" fill="none"/>`
  );
}

// The trace as polylines broken at NaN samples; where several samples share a pixel column, their
// minimum and maximum are kept (the drawn shape is unchanged, the file stays small).
function trace(
  signal: Float32Array,
  fs: number,
  x: (sample: number) => number,
  y: (mv: number) => number,
  startSample: number,
  pxPerMm: number,
): string[] {
  const samplesPerPx = fs / (MM_PER_S * pxPerMm);
  const bucket = samplesPerPx > 2 ? Math.floor(samplesPerPx) : 1;
  const lines: string[] = [];
  let points: string[] = [];
  const flush = () => {
    if (points.length > 1)
      lines.push(
        `<polyline points="${points.join(" ")}" fill="none" stroke="${COLORS.trace}" stroke-width="1.3" stroke-linejoin="round"/>`,
      );
    points = [];
  };
  for (let i = 0; i < signal.length; i += bucket) {
    let minI = -1;
    let maxI = -1;
    for (let j = i; j < Math.min(signal.length, i + bucket); j++) {
      if (!Number.isFinite(signal[j])) continue;
      if (minI < 0 || signal[j] < signal[minI]) minI = j;
      if (maxI < 0 || signal[j] > signal[maxI]) maxI = j;
    }
    if (minI < 0) {
      flush();
      continue;
    }
    for (const j of minI === maxI ? [minI] : minI < maxI ? [minI, maxI] : [maxI, minI])
      points.push(`${num(x(startSample + j))},${num(y(signal[j]))}`);
  }
  flush();
  return lines;
}

function legend(left: number, baseline: number, withReference: boolean): string {
  const items = [
    `<path d="M${num(left)} ${num(baseline - 8)}h10l-5 8z" fill="${COLORS.rPeak}"/>`,
    `<text x="${num(left + 14)}" y="${num(baseline)}" font-size="10" fill="${COLORS.text}">R peak (detected)</text>`,
    `<rect x="${num(left + 120)}" y="${num(baseline - 9)}" width="14" height="10" fill="${COLORS.pWave}" fill-opacity="0.25"/>`,
    `<circle cx="${num(left + 127)}" cy="${num(baseline - 4)}" r="2.5" fill="${COLORS.pWave}"/>`,
    `<text x="${num(left + 138)}" y="${num(baseline)}" font-size="10" fill="${COLORS.text}">P wave onset, peak, offset</text>`,
  ];
  if (withReference)
    items.push(
      `<text x="${num(left + 290)}" y="${num(baseline)}" font-size="10" fill="${COLORS.reference}">N</text>`,
      `<text x="${num(left + 302)}" y="${num(baseline)}" font-size="10" fill="${COLORS.text}">reference label</text>`,
    );
  items.push(
    `<text x="${num(left + (withReference ? 400 : 300))}" y="${num(baseline)}" font-size="10" fill="${COLORS.text}">25 mm/s, 10 mm/mV</text>`,
  );
  return items.join("\n");
}
