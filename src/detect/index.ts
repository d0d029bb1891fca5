/** Public API of beat detection and delineation. */

export * from "./delineate.js";
export {
  EC57_CLASSES,
  type Ec57Comparison,
  type Ec57Counts,
  type Ec57Options,
  ec57Compare,
  ec57Gross,
  ec57Rates,
  type ScoredAnnotation,
} from "./ec57/compare.js";
export { BEAT_SYMBOLS, type BxbBeatClass, bxbBeatClass, isBeatSymbol } from "./ec57/labels.js";
export * from "./ecgPeaks.js";
export { DetectError } from "./errors.js";
export * from "./pwave.js";
