/**
 * Public API of evaluation and reporting: classification metrics (confusion matrix, Se/+P/specificity/F1,
 * accuracy, macro/weighted averages, markdown report) and pictures as SVG (ECG strips on ECG paper,
 * confusion-matrix heat maps, training curves).
 */
export { EvaluationError } from "./errors.js";
export {
  argmaxRows,
  type ClassificationReport,
  type ClassMetrics,
  type ConfusionMatrix,
  classificationReport,
  confusionMatrix,
  formatReport,
} from "./metrics.js";
export { type ConfusionSvgOptions, confusionMatrixSvg } from "./plot/confusion.js";
export { type ChartSeries, type LineChartOptions, lineChartSvg } from "./plot/curves.js";
export { type EcgStripOptions, ecgStripSvg, type StripLabel } from "./plot/ecgStrip.js";
