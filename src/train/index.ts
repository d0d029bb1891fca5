/** Public API of training: beat sets (MIT-BIH), batches, the training loop and prediction. */

export { batchInput, batchLabels, shuffled } from "./batches.js";
export { type BeatSet, type BeatSetOptions, buildBeatSet, type LabelledRecord } from "./beat-set.js";
export { type CheckpointInfo, loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
export { type BeatClassification, classifyBeats } from "./classify.js";
export { MITDB_BEAT_CLASSES, type MitdbBeatSetOptions, mitdbBeatSet } from "./mitdb.js";
export {
  type ClassWeighting,
  classWeights,
  type EpochSummary,
  predict,
  type StepProgress,
  type TrainOptions,
  trainModel,
} from "./train-model.js";
