/**
 * Learning-rate schedules as pure functions of the optimiser step (0 = before the first update). An
 * LrScheduler (scheduler.ts) applies one to an optimiser; here they are plain and testable on their own.
 */
import { ConfigError, expected } from "../errors.js";

/** A learning-rate schedule; `momentumAt` (one-cycle only) also cycles SGD momentum or Adam's beta1. */
export interface Schedule {
  /** Returns the learning rate for optimiser step `step` (an integer >= 0). */
  lrAt(step: number): number;
  /** Returns the momentum (SGD) or beta1 (Adam) for step `step`, for schedules that cycle it. */
  momentumAt?(step: number): number;
}

function checkPositive(value: number, name: string, allowZero = false): void {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    throw new ConfigError(expected(allowZero ? "a finite number >= 0" : "a finite number > 0", name, value));
}

function checkCount(value: number, name: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new ConfigError(expected(`an integer >= ${min}`, name, value));
}

function checkStep(step: number): void {
  if (!Number.isSafeInteger(step) || step < 0)
    throw new ConfigError(expected("an integer >= 0", "step", step));
}

/** Returns a schedule whose learning rate is always `lr`. */
export function constantSchedule(lr: number): Schedule {
  checkPositive(lr, "lr", true);
  return {
    lrAt(step) {
      checkStep(step);
      return lr;
    },
  };
}

/** Returns PyTorch's StepLR: lr * gamma^floor(step / stepSize). */
export function stepSchedule(options: { lr: number; stepSize: number; gamma?: number }): Schedule {
  const { lr, stepSize, gamma = 0.1 } = options;
  checkPositive(lr, "lr", true);
  checkCount(stepSize, "stepSize", 1);
  checkPositive(gamma, "gamma", true);
  return {
    lrAt(step) {
      checkStep(step);
      return lr * gamma ** Math.floor(step / stepSize);
    },
  };
}

/**
 * Returns linear warm-up from 0 to `lr` over `warmupSteps`, then a half-cosine from `lr` down to `minLr` at
 * `totalSteps`, and `minLr` after (Hugging Face's get_cosine_schedule_with_warmup, plus a floor `minLr`).
 */
export function cosineSchedule(options: {
  lr: number;
  totalSteps: number;
  warmupSteps?: number;
  minLr?: number;
}): Schedule {
  const { lr, totalSteps, warmupSteps = 0, minLr = 0 } = options;
  checkPositive(lr, "lr", true);
  checkCount(totalSteps, "totalSteps", 1);
  checkCount(warmupSteps, "warmupSteps", 0);
  if (warmupSteps >= totalSteps)
    throw new ConfigError(expected(`an integer < totalSteps (${totalSteps})`, "warmupSteps", warmupSteps));
  if (!(minLr >= 0 && minLr <= lr))
    throw new ConfigError(expected(`a number in [0, lr = ${lr}]`, "minLr", minLr));
  return {
    lrAt(step) {
      checkStep(step);
      if (step < warmupSteps) return (lr * step) / warmupSteps;
      const progress = Math.min(1, (step - warmupSteps) / (totalSteps - warmupSteps));
      return minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    },
  };
}

/** Options of the one-cycle policy, named and defaulted as PyTorch's OneCycleLR. */
export interface OneCycleOptions {
  maxLr: number;
  totalSteps: number;
  /** Fraction of the steps spent increasing the learning rate (default 0.3). */
  pctStart?: number;
  annealStrategy?: "cos" | "linear";
  /** Initial lr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** Final lr = initial lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (up, back down to the initial lr, then to the final lr) as in PyTorch's three_phase. */
  threePhase?: boolean;
  /** Momentum (or beta1) cycles inversely to the lr between these (defaults 0.85 and 0.95); false disables. */
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
}

/**
 * Returns the one-cycle policy with PyTorch OneCycleLR semantics (Smith & Topin 2017): phases ending at steps
 * pctStart*total - 1 (and 2*pctStart*total - 2 with threePhase) and total - 1, annealed by cosine or linearly;
 * momentum moves opposite to the lr. Steps beyond totalSteps throw, as in PyTorch.
 */
export function oneCycleSchedule(options: OneCycleOptions): Schedule {
  const {
    maxLr,
    totalSteps,
    pctStart = 0.3,
    annealStrategy = "cos",
    divFactor = 25,
    finalDivFactor = 1e4,
    threePhase = false,
    cycleMomentum = true,
    baseMomentum = 0.85,
    maxMomentum = 0.95,
  } = options;
  checkPositive(maxLr, "maxLr");
  checkCount(totalSteps, "totalSteps", 1);
  if (!(pctStart >= 0 && pctStart <= 1))
    throw new ConfigError(expected("a number in [0, 1]", "pctStart", pctStart));
  if (annealStrategy !== "cos" && annealStrategy !== "linear")
    throw new ConfigError(expected('"cos" or "linear"', "annealStrategy", annealStrategy));
  checkPositive(divFactor, "divFactor");
  checkPositive(finalDivFactor, "finalDivFactor");
  const initialLr = maxLr / divFactor;
  const minLr = initialLr / finalDivFactor;
  const phases = threePhase
    ? [
        { end: pctStart * totalSteps - 1, lr: [initialLr, maxLr], momentum: [maxMomentum, baseMomentum] },
        { end: 2 * pctStart * totalSteps - 2, lr: [maxLr, initialLr], momentum: [baseMomentum, maxMomentum] },
        { end: totalSteps - 1, lr: [initialLr, minLr], momentum: [maxMomentum, maxMomentum] },
      ]
    : [
        { end: pctStart * totalSteps - 1, lr: [initialLr, maxLr], momentum: [maxMomentum, baseMomentum] },
        { end: totalSteps - 1, lr: [maxLr, minLr], momentum: [baseMomentum, maxMomentum] },
      ];
  const anneal =
    annealStrategy === "cos"
      ? (start: number, end: number, pct: number) => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (start: number, end: number, pct: number) => (end - start) * pct + start;
  let previousEnd = 0;
  for (const phase of phases) {
    if (!(phase.end > previousEnd))
      throw new ConfigError(
        expected(
          "pctStart * totalSteps > 1 so that every phase lasts at least one step",
          "pctStart",
          pctStart,
        ),
      );
    previousEnd = phase.end;
  }
  // NOTE: as in PyTorch, a phase ends at a fractional step and the next starts where it ended.
  const at = (step: number, which: "lr" | "momentum"): number => {
    checkStep(step);
    if (step > totalSteps)
      throw new ConfigError(expected(`a step <= totalSteps (${totalSteps})`, "one-cycle step", step));
    let start = 0;
    let index = 0;
    while (index < phases.length - 1 && step > phases[index].end) start = phases[index++].end;
    const phase = phases[index];
    const [from, to] = phase[which];
    return anneal(from, to, (step - start) / (phase.end - start));
  };
  const schedule: Schedule = { lrAt: (step) => at(step, "lr") };
  if (cycleMomentum) {
    if (!(maxMomentum >= 0 && maxMomentum < 1))
      throw new ConfigError(expected("a number in [0, 1)", "maxMomentum", maxMomentum));
    if (!(baseMomentum >= 0 && baseMomentum <= maxMomentum))
      throw new ConfigError(
        expected(`a number in [0, maxMomentum = ${maxMomentum}]`, "baseMomentum", baseMomentum),
      );
    schedule.momentumAt = (step) => at(step, "momentum");
  }
  return schedule;
}
