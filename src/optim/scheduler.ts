/**
 * Binds a Schedule to an optimiser, PyTorch-style: the constructor sets step 0's learning rate, and each
 * `step()` (called after `optimizer.step()`) advances one step and writes the new rate into every group.
 */
import { expected } from "../errors.js";
import { type BaseOptions, type Optimizer, OptimizerError } from "./optimizer.js";
import type { Schedule } from "./schedules.js";

export class LrScheduler {
  private current = 0;

  constructor(
    readonly optimizer: Optimizer<BaseOptions>,
    readonly schedule: Schedule,
  ) {
    this.apply();
  }

  /** The step whose learning rate is in effect (0 before the first `step()`). */
  get stepCount(): number {
    return this.current;
  }

  /** Returns the learning rate in effect (that of the first group). */
  get lr(): number {
    return this.optimizer.paramGroups[0].lr;
  }

  /** Advances one step and sets the optimiser's learning rate (and momentum or beta1, if cycled). */
  step(): void {
    this.current++;
    this.apply();
  }

  /** Returns the scheduler's position, for checkpoints. */
  stateDict(): { step: number } {
    return { step: this.current };
  }

  /** Restores the position saved by `stateDict()` and applies that step's rates. */
  loadStateDict(dict: { step: number }): void {
    if (!Number.isSafeInteger(dict?.step) || dict.step < 0)
      throw new OptimizerError(expected("{ step: integer >= 0 }", "scheduler state dict", dict?.step));
    this.current = dict.step;
    this.apply();
  }

  private apply(): void {
    const lr = this.schedule.lrAt(this.current);
    const momentum = this.schedule.momentumAt?.(this.current);
    for (const group of this.optimizer.paramGroups) {
      group.lr = lr;
      if (momentum === undefined) continue;
      // NOTE: as PyTorch's OneCycleLR: Adam-style optimisers cycle beta1, SGD cycles momentum.
      const options = group as unknown as { betas?: [number, number]; momentum?: number };
      if (Array.isArray(options.betas)) options.betas = [momentum, options.betas[1]];
      else if (typeof options.momentum === "number") options.momentum = momentum;
      else
        throw new OptimizerError(
          "the schedule cycles momentum but the optimizer has neither betas nor momentum",
        );
    }
  }
}
