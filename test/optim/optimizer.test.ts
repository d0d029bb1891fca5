import { describe, expect, it } from "vitest";
import { AdamW } from "../../src/optim/adamw.js";
import { OptimizerError } from "../../src/optim/optimizer.js";
import { SGD } from "../../src/optim/sgd.js";
import { param, setGrad } from "./fixtures/params.js";

describe("Optimizer (base)", () => {
  it("resolves per-group options over the defaults and updates each group with its own", () => {
    const decayed = param([1]);
    const plain = param([1]);
    const optimizer = new SGD([{ params: [decayed], weightDecay: 0.5 }, { params: [plain] }], { lr: 0.1 });
    expect(optimizer.paramGroups.map((g) => g.weightDecay)).toEqual([0.5, 0]);
    setGrad(decayed, [0]);
    setGrad(plain, [0]);
    optimizer.step();
    expect(decayed.data[0]).toBeCloseTo(1 - 0.1 * 0.5, 15);
    expect(plain.data[0]).toBe(1);
  });

  it("skips parameters without a gradient and zeroGrad sets gradients to null", () => {
    const a = param([1]);
    const b = param([2]);
    const optimizer = new SGD([a, b], { lr: 1 });
    setGrad(a, [0.5]);
    optimizer.step();
    expect([a.data[0], b.data[0]]).toEqual([0.5, 2]);
    optimizer.zeroGrad();
    expect(a.grad).toBeNull();
  });

  it("rejects an empty parameter list, a parameter in two groups, and a gradient of the wrong size", () => {
    expect(() => new SGD([], { lr: 1 })).toThrow("optimizer got an empty parameter list");
    const p = param([1, 2]);
    expect(() => new SGD([{ params: [p] }, { params: [p] }], { lr: 1 })).toThrow(
      "param group 1: a parameter appears in more than one group or twice",
    );
    const optimizer = new SGD([p], { lr: 1 });
    setGrad(p, [1, 2, 3]);
    expect(() => optimizer.step()).toThrow("gradient of a parameter of shape [2] has 3 elements, expected 2");
  });

  it("saves and restores state so that a resumed run continues exactly", () => {
    const grads = [
      [0.1, -0.3],
      [0.2, 0.4],
      [-0.5, 0.1],
      [0.3, 0.3],
    ];
    const straight = param([1, -1]);
    const reference = new AdamW([straight], { lr: 0.05 });
    for (const g of grads) {
      setGrad(straight, g);
      reference.step();
    }
    const first = param([1, -1]);
    const before = new AdamW([first], { lr: 0.05 });
    for (const g of grads.slice(0, 2)) {
      setGrad(first, g);
      before.step();
    }
    const saved = before.stateDict();
    expect(saved.state[0].step).toBe(2);
    expect(saved.paramGroups[0].params).toEqual([0]);
    const resumed = param([...first.data]);
    const after = new AdamW([resumed], { lr: 999 });
    after.loadStateDict(saved);
    expect(after.paramGroups[0].lr).toBe(0.05);
    for (const g of grads.slice(2)) {
      setGrad(resumed, g);
      after.step();
    }
    expect([...resumed.data]).toEqual([...straight.data]);
  });

  it("returns a state dict that later steps do not change (a deep copy)", () => {
    const p = param([1]);
    const optimizer = new SGD([p], { lr: 0.1, momentum: 0.9 });
    setGrad(p, [1]);
    optimizer.step();
    const saved = optimizer.stateDict();
    optimizer.step();
    expect([...(saved.state[0].momentum_buffer as Float64Array)]).toEqual([1]);
  });

  it("lists every mismatch of a state dict at once", () => {
    const optimizer = new AdamW([param([1, 2])]);
    const bad = {
      state: {
        0: { step: 1, exp_avg: new Float64Array(3), exp_avg_sq: new Float64Array(2) },
        5: { step: 1 },
      },
      paramGroups: [
        { lr: -1, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0, params: [0, 1] },
      ],
    };
    let message = "";
    try {
      optimizer.loadStateDict(bad);
    } catch (error) {
      expect(error).toBeInstanceOf(OptimizerError);
      message = (error as Error).message;
    }
    expect(message).toContain("param group 0 has 2 parameters, expected 1");
    expect(message).toContain("param group 0: Expected a finite number >= 0 for lr but received -1");
    expect(message).toContain(
      "state 0.exp_avg: Expected 2 values for buffer but received Float64Array of length 3",
    );
    expect(message).toContain("state for parameter 5, which does not exist");
    expect(optimizer.paramGroups[0].lr).toBe(1e-3);
  });
});
