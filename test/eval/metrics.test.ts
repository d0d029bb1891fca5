import { describe, expect, it } from "vitest";
import { EfficientEcgError } from "../../src/errors.js";
import { EvaluationError } from "../../src/eval/errors.js";
import {
  argmaxRows,
  type ClassificationReport,
  checkConfusionMatrix,
  classificationReport,
  confusionMatrix,
  formatReport,
} from "../../src/eval/metrics.js";

/*
 * Hand-computed 3-class case (N, S, V), 10 samples:
 *   truth     = 0 0 0 0 0 1 1 1 2 2
 *   predicted = 0 0 0 1 2 1 1 0 2 2
 * Matrix (rows true, columns predicted):   N S V   support
 *                                      N  3 1 1   5
 *                                      S  1 2 0   3
 *                                      V  0 0 2   2
 *                          predicted:     4 3 3   total 10, trace 7 -> accuracy 0.7
 * N: TP 3, FP 1, FN 2, TN 4 -> +P 3/4, Se 3/5, Sp 4/5, F1 6/9
 * S: TP 2, FP 1, FN 1, TN 6 -> +P 2/3, Se 2/3, Sp 6/7, F1 4/6
 * V: TP 2, FP 1, FN 0, TN 7 -> +P 2/3, Se 1,   Sp 7/8, F1 4/5
 * macro F1 = (2/3 + 2/3 + 4/5) / 3; weighted F1 = (5 * 2/3 + 3 * 2/3 + 2 * 4/5) / 10;
 * macro recall = (3/5 + 2/3 + 1) / 3
 */
const HAND = {
  truth: [0, 0, 0, 0, 0, 1, 1, 1, 2, 2],
  predicted: [0, 0, 0, 1, 2, 1, 1, 0, 2, 2],
  classes: ["N", "S", "V"],
};

/*
 * Random 5-class case: numpy default_rng(2024), truth = integers(0, 4, 40) (class 4 never true), predicted =
 * truth with each sample replaced by integers(0, 5) with probability 0.45, then every 3 turned into 4 (class 3
 * never predicted). Expected values from scikit-learn 1.2.1 (Debian python3-sklearn):
 *   confusion_matrix(truth, pred, labels=range(5)) and
 *   classification_report(truth, pred, labels=range(5), output_dict=True, zero_division=0);
 * specificity (not in scikit-learn) is TN / (TN + FP) of multilabel_confusion_matrix(truth, pred, labels=range(5)).
 */
const RANDOM = {
  truth: [
    0, 2, 0, 0, 1, 1, 3, 3, 3, 3, 0, 0, 3, 0, 0, 0, 3, 1, 1, 0, 1, 2, 3, 2, 3, 0, 1, 2, 2, 0, 0, 1, 0, 3, 2,
    3, 2, 2, 1, 1,
  ],
  predicted: [
    2, 2, 2, 0, 2, 2, 4, 2, 4, 4, 0, 2, 4, 0, 0, 0, 4, 1, 1, 1, 1, 4, 4, 2, 2, 0, 0, 2, 2, 0, 0, 0, 0, 1, 4,
    4, 0, 4, 0, 1,
  ],
  classes: ["N", "S", "V", "F", "Q"],
  counts: [
    [9, 1, 3, 0, 0],
    [3, 4, 2, 0, 0],
    [1, 0, 4, 0, 3],
    [0, 1, 2, 0, 7],
    [0, 0, 0, 0, 0],
  ],
  precision: [0.6923076923076923, 0.6666666666666666, 0.36363636363636365, 0, 0],
  recall: [0.6923076923076923, 0.4444444444444444, 0.5, 0, 0],
  f1: [0.6923076923076923, 0.5333333333333333, 0.4210526315789474, 0, 0],
  support: [13, 9, 8, 10, 0],
  specificity: [0.8518518518518519, 0.9354838709677419, 0.78125, 1, 0.75],
  accuracy: 0.425,
  macroF1: 0.3293387314439946,
  weightedF1: 0.4292105263157895,
  macroRecall: 0.32735042735042735,
};

describe("confusionMatrix", () => {
  it("counts samples of true class t predicted as p in counts[t][p]", () => {
    const m = confusionMatrix(HAND.truth, HAND.predicted, HAND.classes);
    expect(m.classes).toEqual(["N", "S", "V"]);
    expect(m.counts).toEqual([
      [3, 1, 1],
      [1, 2, 0],
      [0, 0, 2],
    ]);
  });

  it("equals scikit-learn's confusion_matrix on a random 5-class case, from typed arrays too", () => {
    const { truth, predicted, classes, counts } = RANDOM;
    expect(confusionMatrix(truth, predicted, classes).counts).toEqual(counts);
    expect(confusionMatrix(Int32Array.from(truth), Uint8Array.from(predicted), classes).counts).toEqual(
      counts,
    );
  });

  it("gives an all-zero matrix for no samples", () => {
    expect(confusionMatrix([], [], ["A", "B"]).counts).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it("rejects an out-of-range, fractional or NaN class id with an EvaluationError naming the index and value", () => {
    const bad = (truth: number[], predicted: number[]) => () => confusionMatrix(truth, predicted, ["A", "B"]);
    expect(bad([0, 2], [0, 1])).toThrow(
      "Expected an integer class id from 0 to 1 for truth[1] but received 2",
    );
    expect(bad([0, 1], [-1, 1])).toThrow("for predicted[0] but received -1");
    expect(bad([0, 1], [0, 0.5])).toThrow("for predicted[1] but received 0.5");
    expect(bad([Number.NaN], [0])).toThrow("for truth[0] but received NaN");
    const error = (() => {
      try {
        bad([0, 2], [0, 1])();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EvaluationError);
    expect(error).toBeInstanceOf(EfficientEcgError);
    expect((error as EvaluationError).code).toBe("ERR_EVAL");
  });

  it("rejects lengths that differ, a missing array and bad class lists", () => {
    expect(() => confusionMatrix([0, 1], [0], ["A", "B"])).toThrow(
      "truth and predicted must have the same length, but truth has 2 and predicted 1",
    );
    expect(() => confusionMatrix(undefined as unknown as number[], [0], ["A"])).toThrow(
      "for truth but received undefined",
    );
    expect(() => confusionMatrix([0], [0], [])).toThrow("non-empty array of class names for classes");
    expect(() => confusionMatrix([0], [0], ["A", "A"])).toThrow('classes[1] repeats the class name "A"');
  });
});

describe("classificationReport", () => {
  it("matches the hand-computed 3-class case", () => {
    const r = classificationReport(confusionMatrix(HAND.truth, HAND.predicted, HAND.classes));
    expect(r.total).toBe(10);
    expect(r.accuracy).toBeCloseTo(0.7, 12);
    const expectedRows = [
      { name: "N", support: 5, predicted: 4, precision: 3 / 4, recall: 3 / 5, specificity: 4 / 5, f1: 6 / 9 },
      { name: "S", support: 3, predicted: 3, precision: 2 / 3, recall: 2 / 3, specificity: 6 / 7, f1: 4 / 6 },
      { name: "V", support: 2, predicted: 3, precision: 2 / 3, recall: 1, specificity: 7 / 8, f1: 4 / 5 },
    ];
    r.perClass.forEach((m, i) => {
      const want = expectedRows[i];
      expect([m.name, m.support, m.predicted]).toEqual([want.name, want.support, want.predicted]);
      for (const k of ["precision", "recall", "specificity", "f1"] as const)
        expect(m[k]).toBeCloseTo(want[k], 12);
    });
    expect(r.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 4 / 5) / 3, 12);
    expect(r.weightedF1).toBeCloseTo((5 * (2 / 3) + 3 * (2 / 3) + 2 * (4 / 5)) / 10, 12);
    expect(r.macroRecall).toBeCloseTo((3 / 5 + 2 / 3 + 1) / 3, 12);
  });

  it("equals scikit-learn's classification_report on a random 5-class case", () => {
    const r = classificationReport(confusionMatrix(RANDOM.truth, RANDOM.predicted, RANDOM.classes));
    expect(r.total).toBe(40);
    expect(r.accuracy).toBeCloseTo(RANDOM.accuracy, 12);
    for (const k of ["precision", "recall", "f1", "support", "specificity"] as const)
      r.perClass.forEach((m, i) => {
        expect(m[k]).toBeCloseTo(RANDOM[k][i], 12);
      });
    expect(r.macroF1).toBeCloseTo(RANDOM.macroF1, 12);
    expect(r.weightedF1).toBeCloseTo(RANDOM.weightedF1, 12);
    expect(r.macroRecall).toBeCloseTo(RANDOM.macroRecall, 12);
  });

  it("defines a class without support or predictions as 0 (zero_division=0) and counts it in macro averages", () => {
    // Class B is never true and never predicted; class C is never predicted.
    const r = classificationReport({
      classes: ["A", "B", "C"],
      counts: [
        [4, 0, 0],
        [0, 0, 0],
        [2, 0, 0],
      ],
    });
    const [a, b, c] = r.perClass;
    expect([b.precision, b.recall, b.f1, b.support, b.predicted]).toEqual([0, 0, 0, 0, 0]);
    expect(b.specificity).toBe(1); // 6 true negatives, no false positive
    expect([c.precision, c.recall, c.f1]).toEqual([0, 0, 0]);
    expect(a.precision).toBeCloseTo(4 / 6, 12);
    expect(r.macroF1).toBeCloseTo((2 * 4) / (2 * 4 + 2) / 3, 12);
    expect(r.macroRecall).toBeCloseTo(1 / 3, 12);
  });

  it("gives 0 for every ratio of an empty matrix and specificity 0 for a class that holds every sample", () => {
    const empty = classificationReport({
      classes: ["A", "B"],
      counts: [
        [0, 0],
        [0, 0],
      ],
    });
    expect([empty.total, empty.accuracy, empty.macroF1, empty.weightedF1, empty.macroRecall]).toEqual([
      0, 0, 0, 0, 0,
    ]);
    const single = classificationReport({
      classes: ["A", "B"],
      counts: [
        [5, 0],
        [0, 0],
      ],
    });
    expect(single.perClass[0]).toMatchObject({ precision: 1, recall: 1, specificity: 0, f1: 1 });
    expect(single.accuracy).toBe(1);
  });

  it("rejects a malformed matrix with an EvaluationError naming the bad entry", () => {
    expect(() => classificationReport({ classes: ["A", "B"], counts: [[1, 2]] })).toThrow(
      "Expected an array of 2 rows (one per class) for matrix.counts but received array of length 1",
    );
    expect(() => classificationReport({ classes: ["A", "B"], counts: [[1, 2], [3]] })).toThrow(
      "for matrix.counts[1] but received array of length 1",
    );
    expect(() =>
      classificationReport({
        classes: ["A", "B"],
        counts: [
          [1, 2],
          [3, -1],
        ],
      }),
    ).toThrow("Expected a non-negative integer count for matrix.counts[1][1] but received -1");
    expect(() => checkConfusionMatrix({ classes: ["A"], counts: [[Number.NaN]] })).toThrow(EvaluationError);
    expect(() => checkConfusionMatrix(null as unknown as { classes: string[]; counts: number[][] })).toThrow(
      "for matrix but received null",
    );
  });
});

describe("formatReport", () => {
  const matrix = confusionMatrix(HAND.truth, HAND.predicted, HAND.classes);
  const report: ClassificationReport = classificationReport(matrix);

  it("writes per-class rows, accuracy, macro and weighted averages as a markdown table", () => {
    const text = formatReport(report);
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "| class | support | predicted | precision (+P) | recall (Se) | specificity | F1 |",
    );
    expect(lines[2]).toBe("| N | 5 | 4 | 0.7500 | 0.6000 | 0.8000 | 0.6667 |");
    expect(lines[4]).toBe("| V | 2 | 3 | 0.6667 | 1.0000 | 0.8750 | 0.8000 |");
    expect(lines[5]).toBe("| accuracy | 10 | | | | | 0.7000 |");
    // macro: +P (3/4 + 2/3 + 2/3) / 3, Se = report.macroRecall, Sp (4/5 + 6/7 + 7/8) / 3, F1 = report.macroF1
    expect(lines[6]).toBe(
      `| macro avg | 10 | | 0.6944 | ${report.macroRecall.toFixed(4)} | 0.8440 | ${report.macroF1.toFixed(4)} |`,
    );
    expect(lines[7]).toMatch(/^\| weighted avg \| 10 \| \| .* \| 0\.7000 \| .* \| 0\.6933 \|$/);
    expect(lines).toHaveLength(8);
    expect(text).not.toContain("true \\ predicted");
  });

  it("appends the confusion matrix when given, escaping pipes in class names", () => {
    const text = formatReport(report, matrix);
    expect(text).toContain("| true \\ predicted | N | S | V |\n|:---|---:|---:|---:|\n| N | 3 | 1 | 1 |");
    expect(text.trimEnd().endsWith("| V | 0 | 0 | 2 |")).toBe(true);
    const piped = {
      classes: ["a|b", "c"],
      counts: [
        [1, 0],
        [0, 1],
      ],
    };
    expect(formatReport(classificationReport(piped), piped)).toContain("| a\\|b | 1 | 0 |");
  });
});

describe("argmaxRows", () => {
  it("returns the index of each row's largest value, the first one on ties", () => {
    const logits = Float32Array.from([0.1, 2, -1, 5, 5, 0, -3, -2, -1, 0, 0, 0]);
    expect(Array.from(argmaxRows(logits, 3))).toEqual([1, 0, 2, 0]);
    expect(argmaxRows(new Float32Array(0), 4)).toEqual(new Int32Array(0));
    expect(Array.from(argmaxRows(Float32Array.from([Number.NEGATIVE_INFINITY, -1e30]), 2))).toEqual([1]);
  });

  it("rejects NaN logits, a partial row, a bad class count or a non-Float32Array with an EvaluationError", () => {
    expect(() => argmaxRows(Float32Array.from([0, 1, Number.NaN, 0]), 2)).toThrow(
      "logits[2] (row 1, class 0) is NaN",
    );
    expect(() => argmaxRows(new Float32Array(5), 2)).toThrow(
      "logits has 5 values, not a whole number of rows of 2 classes",
    );
    expect(() => argmaxRows(new Float32Array(4), 0)).toThrow("Expected a positive integer for classes");
    expect(() => argmaxRows([1, 2] as unknown as Float32Array, 2)).toThrow(EvaluationError);
  });
});
