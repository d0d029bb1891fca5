import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSimulate } from "../../src/cli/simulate.js";
import { ConfigError } from "../../src/errors.js";
import { RecordError } from "../../src/io/errors.js";
import { readAnnotations, readRecord } from "../../src/io/read.js";
import { ecgSimulate } from "../../src/simulate/index.js";

const dir = mkdtempSync(join(tmpdir(), "efficientecg-simulate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const defaults = { duration: "10", fs: "250", heartRate: "60", seed: "3", rhythm: "sinus", noise: "0.01" };

describe("efficientecg simulate", () => {
  it("writes a WFDB record equal to ecgSimulate's signal and its ground truth as annotations", () => {
    const record = join(dir, "nested", "sim");
    expect(runSimulate(record, defaults)).toEqual([`${record}.hea`, `${record}.dat`, `${record}.atr`]);
    const sim = ecgSimulate({
      durationS: 10,
      fs: 250,
      heartRate: 60,
      seed: 3,
      noise: 0.01,
      baselineWander: 0.1,
    });
    const rec = readRecord(record);
    expect(rec.fs).toBe(250);
    expect(rec.length).toBe(sim.signal.length);
    // Format 16 stores the signal with a gain chosen to span the 16-bit range: exact to a fraction of a uV.
    let worst = 0;
    for (let i = 0; i < sim.signal.length; i++)
      worst = Math.max(worst, Math.abs(rec.signals[0][i] - sim.signal[i]));
    expect(worst).toBeLessThan(1e-3);
    const beats = readAnnotations(`${record}.atr`).filter((a) => a.symbol === "N" || a.symbol === "V");
    expect(beats.map((a) => a.sample)).toEqual(Array.from(sim.rPeaks));
    const pPeaks = readAnnotations(`${record}.atr`).filter((a) => a.symbol === "p");
    expect(pPeaks.map((a) => a.sample)).toEqual(sim.pWaves.filter((w) => w !== null).map((w) => w.peak));
  });

  it("refuses to replace existing files unless forced", () => {
    const record = join(dir, "twice");
    runSimulate(record, defaults);
    expect(() => runSimulate(record, defaults)).toThrow(RecordError);
    expect(() => runSimulate(record, defaults)).toThrow("file already exists; pass --force to replace it");
    expect(() => runSimulate(record, { ...defaults, force: true })).not.toThrow();
  });

  it("writes nothing when only the annotation file is in the way", () => {
    const record = join(dir, "partial");
    writeFileSync(`${record}.atr`, "mine");
    expect(() => runSimulate(record, defaults)).toThrow(`${record}.atr: file already exists; pass --force`);
    expect(existsSync(`${record}.hea`) || existsSync(`${record}.dat`)).toBe(false);
    expect(readFileSync(`${record}.atr`, "utf8")).toBe("mine");
  });

  it("names the folder it cannot create when a file is in the way", () => {
    writeFileSync(join(dir, "plain"), "");
    expect(() => runSimulate(join(dir, "plain", "x"), defaults)).toThrow(
      new RecordError(join(dir, "plain"), "cannot create the folder: a file is in the way"),
    );
  });

  it("rejects bad options with the flag's name", () => {
    expect(() => runSimulate(join(dir, "x"), { ...defaults, rhythm: "flutter" })).toThrow(
      new ConfigError('Expected "sinus" or "af" for --rhythm but received "flutter"'),
    );
    expect(() => runSimulate(join(dir, "x"), { ...defaults, fs: "fast" })).toThrow(
      new ConfigError('Expected a number for --fs but received "fast"'),
    );
  });
});
