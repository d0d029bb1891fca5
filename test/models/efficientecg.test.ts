import { describe, expect, it } from "vitest";
import { P_WAVE_FEATURES, R_PEAK_FEATURES } from "../../src/features/index.js";
import { EfficientECG, type EfficientEcgOptions } from "../../src/models/efficientecg.js";
import { countParameters, fuseForInference } from "../../src/nn/index.js";
import { F, Generator, noGrad, ShapeError, scope, Tensor } from "../../src/tensor/index.js";

const g = new Generator(0);
const small: EfficientEcgOptions = {
  leads: 1,
  classes: 5,
  width: 0.25,
  depth: 0.25,
  rPeak: { steps: 16, features: R_PEAK_FEATURES.length, hidden: 8, latent: 4 },
  pWave: { steps: 16, features: P_WAVE_FEATURES.length, hidden: 8, latent: 4 },
  fusion: { dModel: 8, heads: 2 },
  generator: g,
};
const batch = (n: number) => ({
  signal: Tensor.randn([n, 1, 256], { generator: g }),
  rPeak: Tensor.randn([n, 16, R_PEAK_FEATURES.length], { generator: g }),
  pWave: Tensor.randn([n, 16, 4], { generator: g }),
  age: Tensor.from([1, 9, 0].slice(0, n), [n]),
  sex: Tensor.from([1, 2, 0].slice(0, n), [n]),
});

describe("EfficientECG", () => {
  it("returns logits (N, classes) and each autoencoder's reconstruction", () => {
    const model = new EfficientECG(small);
    const out = model.forward(batch(3));
    expect(out.logits.shape).toEqual([3, 5]);
    expect(out.rPeakReconstruction?.shape).toEqual([3, 16, R_PEAK_FEATURES.length]);
    expect(out.pWaveReconstruction?.shape).toEqual([3, 16, 4]);
  });

  it("is the plain backbone + classifier without branches (B0 at 1 lead, 5 classes: 3,870,721 parameters)", () => {
    const plain = new EfficientECG({ leads: 1, classes: 5, generator: g });
    expect(plain.rPeak).toBeNull();
    expect(plain.fusion).toBeNull();
    expect(countParameters(plain)).toBe(3_870_721);
    const out = new EfficientECG({ ...small, rPeak: null, pWave: null, fusion: null }).forward({
      signal: Tensor.randn([2, 1, 256], { generator: g }),
    });
    expect(out.logits.shape).toEqual([2, 5]);
    expect(out.rPeakReconstruction).toBeNull();
  });

  it("trains every parameter: classification + reconstruction loss gives each one a gradient", () => {
    const model = new EfficientECG(small);
    scope(() => {
      const input = batch(2);
      const out = model.forward(input);
      F.crossEntropy(out.logits, [0, 3])
        .add(F.mse(out.rPeakReconstruction!, input.rPeak))
        .add(F.mse(out.pWaveReconstruction!, input.pWave))
        .backward();
    });
    const missing = model
      .namedParameters()
      .filter(([, p]) => p.grad === null || !(p.grad.toArray() as number[]).flat(3).some((v) => v !== 0))
      .map(([name]) => name);
    expect(missing).toEqual([]);
    model.zeroGrad();
  });

  it("gives the same logits after fuseForInference as in eval mode (within 1e-4 of the largest)", () => {
    const model = new EfficientECG(small);
    scope(() => model.forward(batch(3))); // one training step's worth of batch-norm statistics
    const input = batch(3);
    model.eval();
    const want = noGrad(() => model.forward(input).logits.toArray() as number[][]).flat();
    fuseForInference(model);
    const got = noGrad(() => model.forward(input).logits.toArray() as number[][]).flat();
    const scale = Math.max(...want.map(Math.abs));
    for (const [i, v] of got.entries()) expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-4 * scale);
  });

  it("throws a ShapeError naming the missing input of a branch", () => {
    const model = new EfficientECG(small);
    const { rPeak: _r, ...withoutR } = batch(2);
    expect(() => model.forward(withoutR)).toThrow(ShapeError);
    expect(() => model.forward(withoutR)).toThrow("this model has a branch for rPeak; pass input.rPeak");
    const { age: _a, ...withoutAge } = batch(2);
    expect(() => model.forward(withoutAge)).toThrow("pass input.age");
  });
});
