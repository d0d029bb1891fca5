import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SafetensorsError } from "../../src/nn/errors.js";
import { encodeSafetensors } from "../../src/nn/safetensors.js";
import { AdamW } from "../../src/optim/adamw.js";
import {
  decodeOptimizerState,
  encodeOptimizerState,
  loadOptimizerState,
  saveOptimizerState,
} from "../../src/optim/checkpoint.js";
import { OptimizerError } from "../../src/optim/optimizer.js";
import { SGD } from "../../src/optim/sgd.js";
import { param, setGrad } from "./fixtures/params.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "efficientecg-optim-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("optimizer state files", () => {
  it("resume training exactly: save after 2 steps, load into a fresh optimizer, continue", () => {
    const grads = [
      [0.3, -0.1, 2],
      [0.5, 0.5, -1],
      [-0.2, 0.1, 0.4],
      [1, -1, 0],
    ];
    const straight = param(Float32Array.from([1, 2, 3]));
    const reference = new AdamW([straight], { lr: 0.1 });
    for (const g of grads) {
      setGrad(straight, g);
      reference.step();
    }
    const p = param(Float32Array.from([1, 2, 3]));
    const first = new AdamW([p], { lr: 0.1 });
    for (const g of grads.slice(0, 2)) {
      setGrad(p, g);
      first.step();
    }
    const path = join(dir, "optimizer.safetensors");
    saveOptimizerState(first, path);
    const resumed = new AdamW([p], { lr: 5 });
    loadOptimizerState(resumed, path);
    expect(resumed.paramGroups[0].lr).toBe(0.1);
    for (const g of grads.slice(2)) {
      setGrad(p, g);
      resumed.step();
    }
    expect([...p.data]).toEqual([...straight.data]);
  });

  it("stores buffers as tensors state.<index>.<name> and round-trips SGD momentum", () => {
    const a = param([1]);
    const b = param([1, 2]);
    const sgd = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    setGrad(b, [1, 1]);
    sgd.step();
    const dict = decodeOptimizerState(encodeOptimizerState(sgd));
    expect(Object.keys(dict.state)).toEqual(["1"]);
    expect([...(dict.state[1].momentum_buffer as Float64Array)]).toEqual([1, 1]);
    expect(dict.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
  });

  it("rejects files that are not optimizer state, and state for other parameters", () => {
    const weights = encodeSafetensors({ w: { dtype: "F32", shape: [1], data: new Float32Array(1) } });
    expect(() => decodeOptimizerState(weights, "w.st")).toThrow(SafetensorsError);
    expect(() => decodeOptimizerState(weights, "w.st")).toThrow('w.st: no "efficientecg.optimizer" metadata');
    const big = param([1, 2, 3]);
    const saved = new SGD([big], { lr: 1, momentum: 0.5 });
    setGrad(big, [1, 1, 1]);
    saved.step();
    expect(() =>
      new SGD([param([1])], { lr: 1 }).loadStateDict(decodeOptimizerState(encodeOptimizerState(saved))),
    ).toThrow(OptimizerError);
  });
});
