import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { register } from "../../src/cli/classify.js";
import { writeRecord } from "../../src/io/write.js";
import { EfficientECG } from "../../src/models/index.js";
import { ecgSimulate } from "../../src/simulate/index.js";
import { Generator } from "../../src/tensor/index.js";
import { buildBeatSet, saveCheckpoint, trainModel } from "../../src/train/index.js";
import { runCommand } from "../helpers/cli.js";
import { simulatedRecord, smallModelOptions } from "../train/helpers.js";

const dir = mkdtempSync(join(tmpdir(), "efficientecg-classify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A small model that tells simulated PVCs (V) from normal beats (N), trained at 360 Hz.
const options = smallModelOptions;
const model = new EfficientECG({ ...options, generator: new Generator(0) });
trainModel(model, buildBeatSet([simulatedRecord("a", 1), simulatedRecord("b", 2)], ["N", "V"]), {
  epochs: 8,
  batchSize: 16,
  warmupSteps: 5,
  seed: 1,
});
const checkpoint = join(dir, "model.safetensors");
saveCheckpoint(model, { options, classes: ["N", "V"], fs: 360 }, checkpoint);

// An unseen simulated record at 250 Hz (classify resamples it to the model's 360 Hz).
const sim = ecgSimulate({ durationS: 60, fs: 250, heartRate: 70, seed: 7, pvcFraction: 0.2, noise: 0.01 });
const record = join(dir, "sim");
writeRecord(record, { fs: 250, signals: [sim.signal] });

describe("classify", () => {
  it("labels every beat, writes annotations and JSON, and finds the PVCs of an unseen record at another rate", async () => {
    const { out } = await runCommand(register, "classify", record, "--model", checkpoint, "--out-dir", dir);
    expect(out).toMatch(/record {3}sim, lead 0 .*, \d+ beats/);
    expect(existsSync(join(dir, "sim.cls"))).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, "sim.cls.json"), "utf8"));
    expect(json.classes).toEqual(["N", "V"]);
    expect(Math.abs(json.beats.length - sim.rPeaks.length)).toBeLessThanOrEqual(1);
    // each detected beat's class against the simulation's truth at the nearest R peak
    let correct = 0;
    for (const beat of json.beats) {
      const nearest = sim.rPeaks.reduce(
        (best, r, i) => (Math.abs(r - beat.sample) < Math.abs(sim.rPeaks[best] - beat.sample) ? i : best),
        0,
      );
      if (beat.class === sim.beatKinds[nearest]) correct++;
    }
    expect(correct / json.beats.length).toBeGreaterThan(0.95);
  });

  it("refuses to replace its outputs without --force and reports bad flags", async () => {
    const args = [record, "--model", checkpoint, "--out-dir", dir];
    await expect(runCommand(register, "classify", ...args)).rejects.toThrow(/already exists.*--force/);
    await expect(runCommand(register, "classify", ...args, "--force")).resolves.toBeDefined();
    await expect(runCommand(register, "classify", ...args, "--format", "xml")).rejects.toThrow(/--format/);
    await expect(
      runCommand(register, "classify", record, "--model", join(dir, "missing.safetensors")),
    ).rejects.toThrow(/missing.safetensors/);
  });
});
