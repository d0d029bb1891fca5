/**
 * Classification metrics: the confusion matrix, per-class sensitivity (Se, recall), positive predictivity
 * (+P, precision), specificity and F1, accuracy and the macro/weighted averages, with the definitions of
 * scikit-learn's `confusion_matrix` and `classification_report` (`zero_division=0`), and their markdown tables.
 */
import { describe, expected } from "../errors.js";
import { EvaluationError } from "./errors.js";

/** counts[t][p]: samples of true class t predicted as p. */
export interface ConfusionMatrix {
  readonly classes: readonly string[];
  readonly counts: number[][];
}

/** One class seen one-vs-rest. Ratios are fractions in [0, 1]. */
export interface ClassMetrics {
  name: string;
  /** Samples whose true class is this one (the matrix row sum). */
  support: number;
  /** Samples predicted as this class (the matrix column sum). */
  predicted: number;
  /** Positive predictivity (+P): TP / (TP + FP); 0 when nothing was predicted as this class. */
  precision: number;
  /** Sensitivity (Se): TP / (TP + FN); 0 when the class has no support. */
  recall: number;
  /** TN / (TN + FP); 0 when every sample belongs to this class. */
  specificity: number;
  /** 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall; 0 when TP + FP + FN = 0. */
  f1: number;
}

/** Summary of a confusion matrix. Ratios are fractions in [0, 1]. */
export interface ClassificationReport {
  /** Number of samples (the matrix sum). */
  total: number;
  /** Trace / total; 0 for an empty matrix. */
  accuracy: number;
  /** One entry per class, in the matrix's class order. */
  perClass: ClassMetrics[];
  /** Unweighted mean of the per-class F1 over every class of the matrix. */
  macroF1: number;
  /** Mean of the per-class F1 weighted by support. */
  weightedF1: number;
  /** Unweighted mean of the per-class recall (the balanced accuracy when every class has support). */
  macroRecall: number;
}

/**
 * Returns the (classes, classes) confusion matrix of integer class ids: counts[t][p] is the number of i with
 * truth[i] = t and predicted[i] = p. Ids must be integers from 0 to classes.length - 1.
 */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: readonly string[],
): ConfusionMatrix {
  checkClasses(classes);
  checkArrayLike(truth, "truth");
  checkArrayLike(predicted, "predicted");
  if (truth.length !== predicted.length)
    throw new EvaluationError(
      `truth and predicted must have the same length, but truth has ${truth.length} and predicted ${predicted.length}`,
    );
  const n = classes.length;
  const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const p = predicted[i];
    checkClassId(t, `truth[${i}]`, n);
    checkClassId(p, `predicted[${i}]`, n);
    counts[t][p]++;
  }
  return { classes: [...classes], counts };
}

/**
 * Returns accuracy, per-class Se/+P/specificity/F1 and their macro and weighted averages for a confusion
 * matrix (as scikit-learn's classification_report with labels = every class and zero_division = 0).
 */
export function classificationReport(matrix: ConfusionMatrix): ClassificationReport {
  checkConfusionMatrix(matrix);
  const { classes, counts } = matrix;
  const n = classes.length;
  const support = counts.map((row) => sum(row));
  const predicted = classes.map((_, p) => sum(counts.map((row) => row[p])));
  const total = sum(support);
  // NOTE: every ratio whose denominator is 0 is defined as 0, as scikit-learn's zero_division=0: a class
  // never predicted has precision 0, a class without support has recall 0 (and F1 0), and such classes still
  // count in the macro averages, which then penalise a model for a class it cannot tell apart.
  const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);
  const perClass = classes.map((name, c): ClassMetrics => {
    const tp = counts[c][c];
    const fp = predicted[c] - tp;
    const fn = support[c] - tp;
    const tn = total - tp - fp - fn;
    return {
      name,
      support: support[c],
      predicted: predicted[c],
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, tp + fn),
      specificity: ratio(tn, tn + fp),
      f1: ratio(2 * tp, 2 * tp + fp + fn),
    };
  });
  return {
    total,
    accuracy: ratio(sum(classes.map((_, c) => counts[c][c])), total),
    perClass,
    macroF1: sum(perClass.map((m) => m.f1)) / n,
    weightedF1: ratio(sum(perClass.map((m) => m.f1 * m.support)), total),
    macroRecall: sum(perClass.map((m) => m.recall)) / n,
  };
}

const METRIC_COLUMNS = ["precision", "recall", "specificity", "f1"] as const;

/**
 * Returns markdown: a table with one row per class (support, predicted, +P, Se, specificity, F1 as fractions
 * with 4 decimals), then accuracy, macro and weighted averages; then, when `matrix` is given, the confusion
 * matrix as a table (rows = true class, columns = predicted class).
 */
export function formatReport(report: ClassificationReport, matrix?: ConfusionMatrix): string {
  const fixed = (value: number) => value.toFixed(4);
  const lines = [
    "| class | support | predicted | precision (+P) | recall (Se) | specificity | F1 |",
    "|:---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const m of report.perClass)
    lines.push(
      `| ${cell(m.name)} | ${m.support} | ${m.predicted} | ${METRIC_COLUMNS.map((k) => fixed(m[k])).join(" | ")} |`,
    );
  // The macro and weighted rows average every column as scikit-learn's report does; the report's own
  // macroF1, weightedF1 and macroRecall are the same numbers.
  const classes = report.perClass.length;
  const average = (weight: (m: ClassMetrics) => number, denominator: number) =>
    METRIC_COLUMNS.map((k) =>
      fixed(denominator === 0 ? 0 : sum(report.perClass.map((m) => m[k] * weight(m))) / denominator),
    ).join(" | ");
  lines.push(
    `| accuracy | ${report.total} | | | | | ${fixed(report.accuracy)} |`,
    `| macro avg | ${report.total} | | ${average(() => 1, classes)} |`,
    `| weighted avg | ${report.total} | | ${average((m) => m.support, report.total)} |`,
  );
  if (matrix !== undefined) {
    checkConfusionMatrix(matrix);
    lines.push(
      "",
      `| true \\ predicted | ${matrix.classes.map(cell).join(" | ")} |`,
      `|:---|${matrix.classes.map(() => "---:").join("|")}|`,
      ...matrix.counts.map((row, t) => `| ${cell(matrix.classes[t])} | ${row.join(" | ")} |`),
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Returns the predicted class per row (Int32Array of length N) of row-major (N, classes) logits or
 * probabilities: the index of the row's largest value, the first one on ties.
 */
export function argmaxRows(logits: Float32Array, classes: number): Int32Array {
  if (!(logits instanceof Float32Array))
    throw new EvaluationError(expected("a Float32Array of shape (N, classes)", "logits", logits));
  if (!(Number.isInteger(classes) && classes >= 1))
    throw new EvaluationError(expected("a positive integer", "classes", classes));
  if (logits.length % classes !== 0)
    throw new EvaluationError(
      `logits has ${logits.length} values, not a whole number of rows of ${classes} classes`,
    );
  const rows = logits.length / classes;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const v = logits[base + c];
      // NOTE: a NaN would never compare greater, so the row would silently get class 0.
      if (Number.isNaN(v))
        throw new EvaluationError(
          `logits[${base + c}] (row ${r}, class ${c}) is NaN; a prediction needs finite logits`,
        );
      if (v > logits[base + best]) best = c;
    }
    out[r] = best;
  }
  return out;
}

/** Throws an EvaluationError naming the first problem of a confusion matrix built by hand or loaded from a file. */
export function checkConfusionMatrix(matrix: ConfusionMatrix): void {
  if (typeof matrix !== "object" || matrix === null)
    throw new EvaluationError(expected("a ConfusionMatrix { classes, counts }", "matrix", matrix));
  checkClasses(matrix.classes);
  const n = matrix.classes.length;
  const { counts } = matrix;
  if (!Array.isArray(counts) || counts.length !== n)
    throw new EvaluationError(expected(`an array of ${n} rows (one per class)`, "matrix.counts", counts));
  for (let t = 0; t < n; t++) {
    if (!Array.isArray(counts[t]) || counts[t].length !== n)
      throw new EvaluationError(expected(`an array of ${n} counts`, `matrix.counts[${t}]`, counts[t]));
    for (let p = 0; p < n; p++) {
      const v = counts[t][p];
      if (!(Number.isSafeInteger(v) && v >= 0))
        throw new EvaluationError(expected("a non-negative integer count", `matrix.counts[${t}][${p}]`, v));
    }
  }
}

function checkClasses(classes: readonly string[]): void {
  if (!Array.isArray(classes) || classes.length === 0)
    throw new EvaluationError(expected("a non-empty array of class names", "classes", classes));
  const seen = new Set<string>();
  classes.forEach((name, i) => {
    if (typeof name !== "string")
      throw new EvaluationError(expected("a string class name", `classes[${i}]`, name));
    if (seen.has(name))
      throw new EvaluationError(
        `classes[${i}] repeats the class name ${describe(name)}; class names must be unique`,
      );
    seen.add(name);
  });
}

function checkArrayLike(values: ArrayLike<number>, name: string): void {
  if (typeof values !== "object" || values === null || !Number.isSafeInteger(values.length))
    throw new EvaluationError(expected("an array or typed array of class ids", name, values));
}

function checkClassId(id: number, name: string, classes: number): void {
  if (!(Number.isInteger(id) && id >= 0 && id < classes))
    throw new EvaluationError(expected(`an integer class id from 0 to ${classes - 1}`, name, id));
}

// A markdown table cell: pipes escaped, line breaks flattened.
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
