import { describe, expect, it } from "vitest";
import * as efficientecg from "../src/index.js";

// One name per layer that a user reaches from the package root (README's "As a library" and docs/engine.md).
const PUBLIC_NAMES = {
  io: ["readRecord", "readAnnotations", "writeRecord"],
  dsp: ["ecgClean", "sosfiltfilt"],
  detect: ["ecgPeaks", "ecgDelineate", "ec57Compare"],
  simulate: ["ecgSimulate"],
  features: ["beatWindows", "rPeakFeatures", "pWaveFeatures", "beatSequences", "metadataTokens"],
  eval: ["ecgStripSvg", "confusionMatrix", "classificationReport", "confusionMatrixSvg", "lineChartSvg"],
  tensor: ["Tensor", "F", "scope", "noGrad", "Generator", "setNumThreads", "backendInfo"],
  nn: ["Module", "Conv1d", "LSTM", "MultiheadAttention", "fuseForInference", "saveWeights", "countFlops"],
  optim: ["AdamW", "SGD", "cosineSchedule", "clipGradNorm"],
  models: ["MBConv1d", "SqueezeExcite1d", "LstmAutoencoder"],
};

describe("package root (src/index.ts)", () => {
  for (const [layer, names] of Object.entries(PUBLIC_NAMES)) {
    it(`exports the ${layer} layer's public API: ${names.join(", ")}`, () => {
      for (const name of names) expect(efficientecg, name).toHaveProperty(name);
    });
  }
});
