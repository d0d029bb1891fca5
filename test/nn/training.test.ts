/**
 * End-to-end checks of modules + autograd + optimiser: a small MBConv + LSTM + cross-attention network
 * overfits a tiny batch, and training twice with the same seed gives bit-identical weights.
 */
import { describe, expect, it } from "vitest";
import { encodeWeights } from "../../src/nn/weights.js";
import { AdamW } from "../../src/optim/adamw.js";
import { clipGradNorm } from "../../src/optim/clip.js";
import { F, Generator, scope, Tensor } from "../../src/tensor/index.js";
import { TinyNet } from "./fixtures/tiny-net.js";

const CLASSES = 3;

/** Returns 8 seeded samples: signals (8, 1, 32), sequences (8, 6, 4), labels 0..2. */
function tinyBatch() {
  const generator = new Generator(100);
  return {
    x: Tensor.randn([8, 1, 32], { generator }),
    seq: Tensor.randn([8, 6, 4], { generator }),
    labels: [0, 1, 2, 0, 1, 2, 1, 0],
  };
}

/** Trains a TinyNet from `seed` for `steps` AdamW steps; returns the model and the loss of every step. */
function train(seed: number, steps: number) {
  const model = new TinyNet(seed, CLASSES);
  const optimizer = new AdamW(model.parameters(), { lr: 1e-2, weightDecay: 1e-4 });
  const { x, seq, labels } = tinyBatch();
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = scope(() => {
      const value = F.crossEntropy(model.forward(x, seq), labels);
      value.backward();
      return value.item();
    });
    clipGradNorm(model.parameters(), 5);
    optimizer.step();
    optimizer.zeroGrad();
    losses.push(loss);
  }
  return { model, losses };
}

describe("training", () => {
  it("overfits 8 samples to near-zero loss in 300 AdamW steps (MBConv + LSTM + cross-attention)", () => {
    const { model, losses } = train(1, 300);
    expect(losses[0]).toBeGreaterThan(0.5);
    // Drop-connect and batch statistics keep the loss noisy, so judge the last 20 steps together.
    const tail = losses.slice(-20);
    expect(tail.reduce((a, b) => a + b, 0) / tail.length).toBeLessThan(0.01);
    const { x, seq, labels } = tinyBatch();
    model.eval();
    const predicted = scope(() => model.forward(x, seq).argmax(1).toArray() as number[]);
    expect(predicted.filter((p, i) => p === labels[i]).length).toBeGreaterThanOrEqual(7);
  });

  it("gives bit-identical weights (safetensors bytes) when trained twice with the same seed", () => {
    const first = Buffer.from(encodeWeights(train(7, 20).model));
    const second = Buffer.from(encodeWeights(train(7, 20).model));
    expect(second.equals(first)).toBe(true);
    const other = Buffer.from(encodeWeights(train(8, 20).model));
    expect(other.equals(first)).toBe(false);
  });
});
