import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { detectionAnnotations, register, runDetect } from "../../src/cli/detect.js";
import { ConfigError } from "../../src/errors.js";
import { RecordError } from "../../src/io/errors.js";
import { readAnnotations } from "../../src/io/read.js";
import { writeRecord } from "../../src/io/write.js";
import { ecgSimulate } from "../../src/simulate/index.js";
import { runCommand } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "efficientecg-detect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const defaults = { lead: "0", outDir: dir, format: "both", extension: "qrs", method: "efficientecg2026" };

/** Runs `efficientecg detect ...args` and returns what it printed. */
const cli = async (...args: string[]) => (await runCommand(register, "detect", ...args)).out;

describe("detect --synthetic", () => {
  it("prints the summary and writes a WFDB annotation file and JSON that agree", async () => {
    const out = await cli("--synthetic", "--out-dir", dir);
    expect(out).toMatch(/beats\s+72\n/);
    expect(out).toMatch(/mean HR\s+7\d\.\d bpm/);
    expect(out).toMatch(/P waves\s+\d+ \(\d+\.\d % of beats\)/);
    const json = JSON.parse(readFileSync(join(dir, "synthetic.qrs.json"), "utf8"));
    const annotations = readAnnotations(join(dir, "synthetic.qrs"));
    expect(annotations.filter((a) => a.symbol === "N").map((a) => a.sample)).toEqual(json.rPeaks);
    const pWaves = json.pWaves.filter((w: unknown) => w !== null);
    expect(annotations.filter((a) => a.symbol === "p").map((a) => a.sample)).toEqual(
      pWaves.map((w: { peak: number }) => w.peak),
    );
    expect(annotations.filter((a) => a.symbol === "(").length).toBe(pWaves.length);
    expect(json).toMatchObject({ record: "synthetic", fs: 360, lead: 0, method: "efficientecg2026" });
  });

  it("never replaces existing files without --force, and writes nothing when one target is in the way", async () => {
    const sub = mkdtempSync(join(dir, "force-"));
    writeFileSync(join(sub, "synthetic.qrs.json"), "keep");
    await expect(cli("--synthetic", "--out-dir", sub)).rejects.toThrow(RecordError);
    await expect(cli("--synthetic", "--out-dir", sub)).rejects.toThrow(/already exists; pass --force/);
    expect(readFileSync(join(sub, "synthetic.qrs.json"), "utf8")).toBe("keep");
    expect(() => readFileSync(join(sub, "synthetic.qrs"))).toThrow();
    await cli("--synthetic", "--out-dir", sub, "--force");
    expect(JSON.parse(readFileSync(join(sub, "synthetic.qrs.json"), "utf8")).record).toBe("synthetic");
  });

  it("writes only the requested format under the chosen annotator name", async () => {
    const sub = mkdtempSync(join(dir, "format-"));
    const { files } = runDetect(undefined, {
      ...defaults,
      outDir: sub,
      synthetic: true,
      format: "wfdb",
      extension: "ecg",
    });
    expect(files).toEqual([join(sub, "synthetic.ecg")]);
  });
});

describe("detect on a record", () => {
  it("detects the chosen lead of a WFDB record, also with all leads", () => {
    const sim = ecgSimulate({ durationS: 30, fs: 250, heartRate: 80, seed: 3 });
    const path = join(dir, "rec");
    writeRecord(path, {
      fs: 250,
      signals: [new Float32Array(sim.signal.length), sim.signal],
      leads: ["flat", "II"],
    });
    const { result } = runDetect(path, { ...defaults, lead: "1", format: "json" });
    expect(result.rPeaks.length).toBe(sim.rPeaks.length);
    expect(result.leadName).toBe("II");
    const both = runDetect(path, { ...defaults, lead: "1", format: "json", allLeads: true, force: true });
    expect(both.result.rPeaks.length).toBe(sim.rPeaks.length);
  });

  it("puts each beat's P-wave marks before its R peak on the lead's channel", () => {
    const marks = detectionAnnotations({
      record: "r",
      fs: 250,
      samples: 1000,
      lead: 2,
      leadName: "V1",
      method: "efficientecg2026",
      allLeads: false,
      rPeaks: [100, 400],
      pWaves: [{ onset: 60, peak: 70, offset: 80 }, null],
      meanHeartRateBpm: 50,
    });
    expect(marks.map((a) => `${a.symbol}${a.sample}`)).toEqual(["(60", "p70", ")80", "N100", "N400"]);
    expect(marks.every((a) => a.chan === 2)).toBe(true);
  });

  it("rejects bad flags with a ConfigError naming the flag", () => {
    const sub = mkdtempSync(join(dir, "bad-"));
    const run = (options: object, record?: string) =>
      runDetect(record, { ...defaults, outDir: sub, synthetic: record === undefined, ...options });
    expect(() => run({ format: "xml" })).toThrow(
      new ConfigError('Expected one of json, wfdb, both for --format but received "xml"'),
    );
    expect(() => run({ extension: "a/b" })).toThrow(/--extension/);
    expect(() => run({ method: "foo" })).toThrow(/valid methods are efficientecg2026, pantompkins1985/);
    expect(() => run({ lead: "-1" })).toThrow(/--lead/);
    expect(() => run({ lead: "3" })).toThrow("--lead 3 does not exist: synthetic has leads 0 to 0");
    expect(() => run({ synthetic: false })).toThrow(/--synthetic/);
  });
});
