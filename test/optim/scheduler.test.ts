import { describe, expect, it } from "vitest";
import { AdamW } from "../../src/optim/adamw.js";
import { LrScheduler } from "../../src/optim/scheduler.js";
import { oneCycleSchedule, stepSchedule } from "../../src/optim/schedules.js";
import { SGD } from "../../src/optim/sgd.js";
import { param } from "./fixtures/params.js";

describe("LrScheduler", () => {
  it("sets step 0's lr at construction and each step() advances one step in every group", () => {
    const optimizer = new SGD([{ params: [param([1])] }, { params: [param([2])] }], { lr: 123 });
    const scheduler = new LrScheduler(optimizer, stepSchedule({ lr: 1, stepSize: 2, gamma: 0.5 }));
    expect(scheduler.lr).toBe(1);
    scheduler.step();
    scheduler.step();
    expect(scheduler.stepCount).toBe(2);
    expect(optimizer.paramGroups.map((g) => g.lr)).toEqual([0.5, 0.5]);
  });

  it("cycles Adam's beta1 and SGD's momentum with a one-cycle schedule", () => {
    const schedule = oneCycleSchedule({ maxLr: 1, totalSteps: 10 });
    const adam = new AdamW([param([1])]);
    new LrScheduler(adam, schedule).step();
    expect(adam.paramGroups[0].betas).toEqual([schedule.momentumAt!(1), 0.999]);
    const sgd = new SGD([param([1])], { lr: 1, momentum: 0.9 });
    new LrScheduler(sgd, schedule);
    expect(sgd.paramGroups[0].momentum).toBe(0.95);
  });

  it("restores its position from a state dict and rejects a bad one", () => {
    const optimizer = new SGD([param([1])], { lr: 1 });
    const scheduler = new LrScheduler(optimizer, stepSchedule({ lr: 1, stepSize: 1, gamma: 0.1 }));
    scheduler.loadStateDict({ step: 3 });
    expect(scheduler.lr).toBeCloseTo(1e-3, 15);
    expect(scheduler.stateDict()).toEqual({ step: 3 });
    expect(() => scheduler.loadStateDict({ step: -1 })).toThrow(
      "Expected { step: integer >= 0 } for scheduler state dict but received -1",
    );
  });
});
