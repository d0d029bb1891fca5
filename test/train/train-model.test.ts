import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { argmaxRows } from "../../src/eval/index.js";
import { EfficientECG } from "../../src/models/index.js";
import { Generator } from "../../src/tensor/index.js";
import {
  buildBeatSet,
  classWeights,
  loadCheckpoint,
  predict,
  saveCheckpoint,
  trainModel,
} from "../../src/train/index.js";
import { simulatedRecord, smallModelOptions } from "./helpers.js";

const options = smallModelOptions;

describe("classWeights", () => {
  // 6 beats of class 0, 2 of class 1, none of class 2
  const set = { classes: ["a", "b", "c"], labels: Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1]), size: 8 };
  it("weighs classes by 1 / frequency (balanced) or its square root, an average beat weighing 1", () => {
    // balanced: raw 8/6 and 8/2, beat-weighted mean (6 * 8/6 + 2 * 4) / 8 = 2: weights 2/3 and 2
    const balanced = classWeights(set as never, "balanced");
    expect(balanced[0]).toBeCloseTo(2 / 3, 6);
    expect(balanced[1]).toBeCloseTo(2, 6);
    expect(balanced[2]).toBeCloseTo(1 / 2, 6); // an absent class gets raw weight 1
    // sqrt: raw sqrt(4/3) and 2, mean (6 sqrt(4/3) + 4) / 8
    const mean = (6 * Math.sqrt(4 / 3) + 4) / 8;
    const sqrt = classWeights(set as never, "sqrt");
    expect(sqrt[0]).toBeCloseTo(Math.sqrt(4 / 3) / mean, 6);
    expect(sqrt[1]).toBeCloseTo(2 / mean, 6);
    expect(Array.from(classWeights(set as never, "none"))).toEqual([1, 1, 1]);
  });
});

describe("trainModel", () => {
  const folder = mkdtempSync(join(tmpdir(), "efficientecg-train-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const train = buildBeatSet([simulatedRecord("a", 1), simulatedRecord("b", 2)], ["N", "V"]);
  const test = buildBeatSet([simulatedRecord("c", 3)], ["N", "V"]);

  it("learns to tell simulated PVCs from normal beats of unseen records, the same way for the same seed", () => {
    const run = () => {
      const model = new EfficientECG({ ...options, generator: new Generator(0) });
      const history = trainModel(model, train, { epochs: 8, batchSize: 16, warmupSteps: 5, seed: 1 });
      return { model, history };
    };
    const { model, history } = run();
    expect(history).toHaveLength(8);
    expect(history[7].loss).toBeLessThan(history[0].loss / 2);
    const predicted = argmaxRows(predict(model, test), 2);
    const correct = predicted.filter((p, i) => p === test.labels[i]).length;
    expect(correct / test.size).toBeGreaterThan(0.95);
    expect(run().history.map((h) => h.loss)).toEqual(history.map((h) => h.loss));

    // a checkpoint rebuilds the same model: same logits
    const path = join(folder, "model.safetensors");
    saveCheckpoint(model, { options, classes: ["N", "V"] }, path);
    const { model: loaded, info } = loadCheckpoint(path);
    expect(info.classes).toEqual(["N", "V"]);
    expect(Array.from(predict(loaded, test))).toEqual(Array.from(predict(model, test)));
  });

  it("loadCheckpoint refuses a weights file that is not a checkpoint", async () => {
    const { saveWeights } = await import("../../src/nn/index.js");
    const path = join(folder, "plain.safetensors");
    saveWeights(new EfficientECG({ ...options, generator: new Generator(0) }), path);
    expect(() => loadCheckpoint(path)).toThrow(/not an EfficientECG checkpoint/);
  });
});
