import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it, vi } from "vitest";
import { plotRecord, register } from "../../src/cli/plot.js";
import { writeAnnotations, writeRecord } from "../../src/io/write.js";
import { ecgSimulate } from "../../src/simulate/index.js";

const dir = mkdtempSync(join(tmpdir(), "efficientecg-plot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const record = join(dir, "sim");
const sim = ecgSimulate({ durationS: 30, fs: 250, heartRate: 60, seed: 2 });
writeRecord(record, { fs: 250, signals: [sim.signal] });
writeAnnotations(
  `${record}.atr`,
  Array.from(sim.rPeaks, (sample) => ({ sample, symbol: "N", subtype: 0, chan: 0, num: 0, aux: "" })),
);
const defaults = { from: "10", to: "15", lead: "0", reference: "atr" };

describe("plot", () => {
  it("draws the strip with one R-peak marker and one reference label per beat in it", () => {
    const { svg, defaultName } = plotRecord(record, defaults);
    const inStrip = Array.from(sim.rPeaks).filter((r) => r >= 10 * 250 && r < 15 * 250).length;
    expect(svg.match(/<circle [^>]*stroke="#d62728"/g)?.length).toBe(inStrip);
    expect(svg.match(/>N<\/text>/g)?.length).toBe(inStrip + 1); // + the legend's sample label
    expect(svg).toContain("sim, lead 0 (");
    expect(defaultName).toBe("sim_10-15s.svg");
  });

  it("writes the file given with --out and refuses to replace it without --force", async () => {
    const out = join(dir, "strip.svg");
    const run = async (...extra: string[]) => {
      const program = new Command("efficientecg").exitOverride();
      register(program);
      const spy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
      try {
        await program.parseAsync([
          "node",
          "efficientecg",
          "plot",
          record,
          "--from",
          "0",
          "--to",
          "5",
          "--out",
          out,
          ...extra,
        ]);
      } finally {
        spy.mockRestore();
      }
    };
    await run();
    expect(readFileSync(out, "utf8")).toMatch(/^<svg /);
    await expect(run()).rejects.toThrow(/already exists/);
    await expect(run()).rejects.toThrow("file already exists; pass --force to replace it");
    await run("--force");
    expect(existsSync(out)).toBe(true);
  });

  it("rejects a bad time range or lead with a message naming the flag", () => {
    expect(() => plotRecord(record, { ...defaults, from: "x" })).toThrow(/--from/);
    expect(() => plotRecord(record, { ...defaults, from: "12", to: "11" })).toThrow(
      "--to (11 s) must be after --from (12 s)",
    );
    expect(() => plotRecord(record, { ...defaults, from: "40", to: "50" })).toThrow(
      /past the end of sim \(30.0 s\)/,
    );
    expect(() => plotRecord(record, { ...defaults, to: "1000" })).toThrow(/at most 600 s/);
    expect(() => plotRecord(record, { ...defaults, lead: "2" })).toThrow(/--lead 2 does not exist/);
  });
});
