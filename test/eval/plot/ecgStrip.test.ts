import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { ecgStripSvg } from "../../../src/eval/plot/ecgStrip.js";

const fs = 250;
const beat = (i: number) => Math.exp(-((((i % fs) - 100) / 3) ** 2)) * 1.2 - 0.1; // one 1.2 mV spike a second
const signal = Float32Array.from({ length: 4 * fs }, (_, i) => beat(i));

describe("ecgStripSvg", () => {
  it("draws ECG paper at 25 mm/s and 10 mm/mV: 4 s are 100 mm, a 0.5 mV square is 5 mm", () => {
    const svg = ecgStripSvg({ signal, fs, pxPerMm: 4 });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    // Major (5 mm) vertical lines every 20 px across 400 px of paper starting at the 80 px left margin.
    const major = svg.match(/<path d="([^"]*)" stroke="#e9a3a3"/)?.[1] ?? "";
    const xs = [...major.matchAll(/M([\d.]+) [\d.]+v/g)].map((m) => Number(m[1]));
    expect(xs[0]).toBe(80);
    expect(xs[1] - xs[0]).toBe(20);
    expect(xs.at(-1)).toBe(480);
    expect(svg).toContain(">0 s<");
    expect(svg).toContain(">3 s<");
  });

  it("marks R peaks, P waves and reference labels inside the strip only, in record time", () => {
    const start = 10 * fs;
    const svg = ecgStripSvg({
      signal,
      fs,
      startSample: start,
      title: "rec <1> & co",
      rPeaks: [start + 100, start + 350, start + 5000],
      pWaves: [{ onset: start + 60, peak: start + 75, offset: start + 90 }, null],
      reference: [
        { sample: start + 100, label: "N" },
        { sample: start + 600, label: "(AFIB" },
        { sample: start - 10, label: "V" },
      ],
    });
    expect(svg.match(/fill="#d62728"/g)?.length).toBe(2 + 1); // two peak markers and the legend's
    expect(svg.match(/<rect [^>]*fill="#1f77b4" fill-opacity="0.12"/g)?.length).toBe(1);
    expect(svg).toContain(">N</text>");
    expect(svg).toContain(">(AFIB</text>");
    expect(svg).not.toContain(">V</text>");
    expect(svg).toContain("rec &lt;1&gt; &amp; co");
    expect(svg).toContain(">10 s<");
  });

  it("breaks the trace at NaN samples and thins long strips to the pixel columns", () => {
    const gappy = Float32Array.from(signal);
    gappy.fill(Number.NaN, 400, 500);
    expect(ecgStripSvg({ signal: gappy, fs }).match(/<polyline/g)?.length).toBe(2);
    const long = Float32Array.from({ length: 60 * 1000 }, (_, i) => Math.sin(i / 50));
    const points = ecgStripSvg({ signal: long, fs: 1000, pxPerMm: 2 }).match(
      /<polyline points="([^"]*)"/,
    )?.[1];
    expect(points?.split(" ").length).toBeLessThan((60 * 1000) / 5);
  });

  it("rejects a bad signal, rate or scale with a ConfigError", () => {
    expect(() => ecgStripSvg({ signal: new Float32Array(1), fs })).toThrow(ConfigError);
    expect(() => ecgStripSvg({ signal, fs: 0 })).toThrow(/for fs but received 0/);
    expect(() => ecgStripSvg({ signal, fs, pxPerMm: 100 })).toThrow(/pxPerMm/);
    expect(() => ecgStripSvg({ signal, fs, startSample: 0.5 })).toThrow(/startSample/);
  });
});
