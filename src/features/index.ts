/** Public API of the bio-signal features: beat windows, R-peak and P-wave feature tables and sequences, metadata. */
export { FeatureError } from "./errors.js";
export { AGE_BUCKETS, type MetadataTokens, metadataTokens, SEXES } from "./metadata.js";
export { P_WAVE_FEATURES, pWaveFeatures } from "./pwave.js";
export { R_PEAK_FEATURES, type RPeakFeatureOptions, rPeakFeatures } from "./rpeak.js";
export { type BeatWindowOptions, beatWindows } from "./segment.js";
export { type BeatSequenceOptions, beatSequences } from "./sequence.js";
export { type FeatureTable, featureColumn, joinFeatures } from "./table.js";
