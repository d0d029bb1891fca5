import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import {
  constantSchedule,
  cosineSchedule,
  type OneCycleOptions,
  oneCycleSchedule,
  stepSchedule,
} from "../../src/optim/schedules.js";

// PyTorch 1.13 OneCycleLR/StepLR traces: `/usr/bin/python3 test/optim/fixtures/make_schedules.py`.
const reference = JSON.parse(readFileSync(new URL("./fixtures/schedules.json", import.meta.url), "utf8")) as {
  cases: Record<string, { options: Record<string, unknown>; lr: number[]; momentum: number[] }>;
};

describe("oneCycleSchedule", () => {
  for (const name of ["oneCycleCos", "oneCycleLinearThreePhase"]) {
    it(`matches PyTorch OneCycleLR's lr and momentum at every step (${name})`, () => {
      const { options, lr, momentum } = reference.cases[name];
      const schedule = oneCycleSchedule(options as unknown as OneCycleOptions);
      expect(lr.map((_, step) => schedule.lrAt(step))).toEqual(lr.map((v) => expect.closeTo(v, 14)));
      expect(momentum.map((_, step) => schedule.momentumAt!(step))).toEqual(
        momentum.map((v) => expect.closeTo(v, 14)),
      );
    });
  }

  it("throws past totalSteps as PyTorch does", () => {
    const schedule = oneCycleSchedule({ maxLr: 1, totalSteps: 10 });
    expect(schedule.lrAt(10)).toBeGreaterThan(0);
    expect(() => schedule.lrAt(11)).toThrow(
      "Expected a step <= totalSteps (10) for one-cycle step but received 11",
    );
  });

  it("has no momentumAt when cycleMomentum is false", () => {
    expect(oneCycleSchedule({ maxLr: 1, totalSteps: 10, cycleMomentum: false }).momentumAt).toBeUndefined();
  });

  it("rejects options that would leave a phase without steps or are out of range", () => {
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 3, pctStart: 0.3 })).toThrow(
      "Expected pctStart * totalSteps > 1 so that every phase lasts at least one step for pctStart but received 0.3",
    );
    expect(() => oneCycleSchedule({ maxLr: 0, totalSteps: 10 })).toThrow(ConfigError);
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 10, pctStart: 1.5 })).toThrow(/pctStart/);
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 10, annealStrategy: "exp" as never })).toThrow(
      'Expected "cos" or "linear" for annealStrategy but received "exp"',
    );
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 10, baseMomentum: 0.99 })).toThrow(
      "Expected a number in [0, maxMomentum = 0.95] for baseMomentum but received 0.99",
    );
  });
});

describe("stepSchedule", () => {
  it("matches PyTorch StepLR", () => {
    const { options, lr } = reference.cases.step;
    const schedule = stepSchedule(options as { lr: number; stepSize: number; gamma: number });
    expect(lr.map((_, step) => schedule.lrAt(step))).toEqual(lr);
  });

  it("rejects a zero step size", () => {
    expect(() => stepSchedule({ lr: 1, stepSize: 0 })).toThrow(
      "Expected an integer >= 1 for stepSize but received 0",
    );
  });
});

describe("cosineSchedule", () => {
  it("warms up linearly from 0, then follows a half cosine down to minLr and stays there", () => {
    const schedule = cosineSchedule({ lr: 1, warmupSteps: 4, totalSteps: 12, minLr: 0.1 });
    expect([0, 1, 2, 3].map((s) => schedule.lrAt(s))).toEqual([0, 0.25, 0.5, 0.75]);
    expect(schedule.lrAt(4)).toBe(1);
    // Halfway through the decay: cos(pi/2) = 0, so minLr + (lr - minLr) / 2.
    expect(schedule.lrAt(8)).toBeCloseTo(0.55, 15);
    expect(schedule.lrAt(12)).toBeCloseTo(0.1, 15);
    expect(schedule.lrAt(100)).toBeCloseTo(0.1, 15);
  });

  it("starts at lr without warm-up", () => {
    expect(cosineSchedule({ lr: 0.3, totalSteps: 10 }).lrAt(0)).toBe(0.3);
  });

  it("rejects warm-up as long as the schedule, minLr above lr, and negative steps", () => {
    expect(() => cosineSchedule({ lr: 1, totalSteps: 5, warmupSteps: 5 })).toThrow(
      "Expected an integer < totalSteps (5) for warmupSteps but received 5",
    );
    expect(() => cosineSchedule({ lr: 1, totalSteps: 5, minLr: 2 })).toThrow(/for minLr but received 2/);
    expect(() => cosineSchedule({ lr: 1, totalSteps: 5 }).lrAt(-1)).toThrow(
      "Expected an integer >= 0 for step but received -1",
    );
  });
});

describe("constantSchedule", () => {
  it("returns the same lr at every step and rejects a negative lr", () => {
    expect(constantSchedule(0.01).lrAt(1234)).toBe(0.01);
    expect(() => constantSchedule(-1)).toThrow("Expected a finite number >= 0 for lr but received -1");
  });
});
