import { describe, expect, it } from "vitest";
import * as evaluation from "../../src/eval/index.js";

describe("eval public API", () => {
  it("exports the metrics, the report and the three pictures", () => {
    expect(Object.keys(evaluation).sort()).toEqual([
      "EvaluationError",
      "argmaxRows",
      "classificationReport",
      "confusionMatrix",
      "confusionMatrixSvg",
      "ecgStripSvg",
      "formatReport",
      "lineChartSvg",
    ]);
    expect(evaluation.ecgStripSvg({ signal: new Float32Array(10), fs: 100 })).toMatch(/^<svg /);
  });
});
