/**
 * Training EfficientECG on a beat set: AdamW with a cosine schedule and warm-up, class-weighted cross-entropy
 * plus the autoencoders' reconstruction MSE, gradient clipping, seeded shuffling; prediction in batches.
 */
import type { EfficientECG } from "../models/index.js";
import { AdamW, clipGradNorm, cosineSchedule, LrScheduler } from "../optim/index.js";
import { F, Generator, noGrad, scope, Tensor } from "../tensor/index.js";
import { batchInput, batchLabels, shuffled, slices } from "./batches.js";
import type { BeatSet } from "./beat-set.js";

/** How classes are weighted in the loss: by 1 / frequency ("balanced"), by its square root ("sqrt"), or not. */
export type ClassWeighting = "balanced" | "sqrt" | "none";

/** Options of trainModel. */
export interface TrainOptions {
  epochs: number;
  /** Beats per step (default 64). */
  batchSize?: number;
  /** Peak learning rate (default 3e-3), reached after `warmupSteps` (default 100, at most half the run), then a cosine to 1 %. */
  lr?: number;
  warmupSteps?: number;
  weightDecay?: number;
  classWeighting?: ClassWeighting;
  /** Weight of each autoencoder's reconstruction MSE in the loss (default 0.5). */
  reconstructionWeight?: number;
  /** Global gradient-norm limit (default 1). */
  clipNorm?: number;
  /** Seed of the shuffling (default 0). */
  seed?: number;
  /** Called after every step. */
  onStep?: (progress: StepProgress) => void;
  /** Called after every epoch (the place to evaluate, e.g. predict a validation set). */
  onEpoch?: (epoch: EpochSummary) => void;
}

/** One step's progress. */
export interface StepProgress {
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  loss: number;
}

/** One epoch: mean training loss, wall time and throughput. */
export interface EpochSummary {
  epoch: number;
  loss: number;
  seconds: number;
  samplesPerSecond: number;
}

/** Returns the class weights (mean 1 over the beats) for the set's label frequencies. */
export function classWeights(set: BeatSet, weighting: ClassWeighting): Float32Array {
  const counts = new Float64Array(set.classes.length);
  for (const label of set.labels) counts[label]++;
  const raw = Array.from(counts, (n) =>
    n === 0 || weighting === "none" ? 1 : weighting === "balanced" ? set.size / n : Math.sqrt(set.size / n),
  );
  // normalise so that an average beat weighs 1 (keeps the loss on the same scale whatever the weighting)
  const mean = raw.reduce((s, w, c) => s + w * counts[c], 0) / set.size;
  return Float32Array.from(raw, (w) => w / mean);
}

/** Trains the model in place on the set; returns every epoch's summary. */
export function trainModel(model: EfficientECG, set: BeatSet, options: TrainOptions): EpochSummary[] {
  const {
    epochs,
    batchSize = 64,
    lr = 3e-3,
    warmupSteps = 100,
    weightDecay = 1e-2,
    classWeighting = "sqrt",
    reconstructionWeight = 0.5,
    clipNorm = 1,
    seed = 0,
  } = options;
  const generator = new Generator(seed);
  const stepsPerEpoch = Math.ceil(set.size / batchSize);
  const parameters = model.parameters();
  const optimizer = new AdamW(parameters, { lr, weightDecay });
  const scheduler = new LrScheduler(
    optimizer,
    cosineSchedule({
      lr,
      totalSteps: epochs * stepsPerEpoch,
      // a short run warms up for at most half of its steps
      warmupSteps: Math.min(warmupSteps, Math.floor((epochs * stepsPerEpoch) / 2)),
      minLr: lr / 100,
    }),
  );
  const weight = Tensor.from(classWeights(set, classWeighting));
  const history: EpochSummary[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    const start = performance.now();
    let lossSum = 0;
    let step = 0;
    for (const indices of slices(shuffled(set.size, generator), batchSize)) {
      const loss = scope(() => {
        const input = batchInput(set, indices);
        const out = model.forward(input);
        let total = F.crossEntropy(out.logits, batchLabels(set, indices), { weight });
        for (const [recon, target] of [
          [out.rPeakReconstruction, input.rPeak],
          [out.pWaveReconstruction, input.pWave],
        ] as const) {
          if (recon) total = total.add(F.mse(recon, target).mul(reconstructionWeight));
        }
        total.backward();
        return total.item();
      });
      clipGradNorm(parameters, clipNorm);
      optimizer.step();
      optimizer.zeroGrad();
      scheduler.step();
      lossSum += loss;
      step++;
      options.onStep?.({ epoch, step, stepsPerEpoch, loss });
    }
    const seconds = (performance.now() - start) / 1000;
    const summary = { epoch, loss: lossSum / step, seconds, samplesPerSecond: set.size / seconds };
    history.push(summary);
    options.onEpoch?.(summary);
  }
  weight.dispose();
  return history;
}

/** Returns the model's logits (size, classes) for every beat of the set, in eval mode without gradients. */
export function predict(model: EfficientECG, set: BeatSet, batchSize = 256): Float32Array {
  model.eval();
  const classes = set.classes.length;
  const logits = new Float32Array(set.size * classes);
  const order = Int32Array.from({ length: set.size }, (_, i) => i);
  for (const indices of slices(order, batchSize)) {
    scope(() =>
      noGrad(() => {
        const out = model.forward(batchInput(set, indices));
        logits.set(out.logits.data as Float32Array, indices[0] * classes);
      }),
    );
  }
  return logits;
}
