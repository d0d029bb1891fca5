/**
 * EfficientECG checkpoints: the weights as safetensors with the model's options (and the class names) in the
 * file's metadata, so that one file is enough to rebuild and run the model.
 */
import { ConfigError } from "../errors.js";
import { EfficientECG, type EfficientEcgOptions } from "../models/index.js";
import { loadSafetensors, loadWeights, saveWeights } from "../nn/index.js";
import type { BeatSetOptions } from "./beat-set.js";

/** What a checkpoint stores besides the weights. */
export interface CheckpointInfo {
  /** The model's options (without generator and dtype). */
  options: Omit<EfficientEcgOptions, "generator" | "dtype">;
  /** Class names in logit order. */
  classes: readonly string[];
  /** Sampling rate of the training beats in Hz (default 360, MIT-BIH's): recordings are resampled to it. */
  fs?: number;
  /** How the inputs were made (window, sequence length, amplitude scale): inference must make them the same way. */
  preprocessing?: BeatSetOptions;
}

const KEY = "efficientecg.model";

/** Writes the model's weights and info to `path` atomically; returns the bytes written. */
export function saveCheckpoint(model: EfficientECG, info: CheckpointInfo, path: string): number {
  return saveWeights(model, path, { [KEY]: JSON.stringify(info) });
}

/** Returns the model rebuilt from a checkpoint (in eval mode) and its info; throws a ConfigError for a file without it. */
export function loadCheckpoint(path: string): { model: EfficientECG; info: CheckpointInfo } {
  const text = loadSafetensors(path).metadata[KEY];
  if (text === undefined) {
    throw new ConfigError(
      `${path}: not an EfficientECG checkpoint (no "${KEY}" metadata); save it with saveCheckpoint`,
    );
  }
  let info: CheckpointInfo;
  try {
    info = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: the "${KEY}" metadata is not JSON (${(error as Error).message})`);
  }
  const model = new EfficientECG(info.options);
  loadWeights(model, path);
  return { model: model.eval(), info };
}
