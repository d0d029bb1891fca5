/**
 * Optimiser state as a safetensors file, to resume training exactly: every state buffer becomes a tensor
 * `state.<param index>.<name>` (F32 or F64), and the groups' options and scalar counters (Adam's `step`) go in
 * the metadata as JSON. Pair it with the model's weights file (nn/weights.ts).
 */
import { SafetensorsError } from "../nn/errors.js";
import { decodeSafetensors, encodeSafetensors, type SafetensorsEntry } from "../nn/safetensors.js";
import { loadSafetensors, writeFileAtomic } from "../nn/safetensors-file.js";
import type { BaseOptions, Optimizer, OptimizerStateDict, ParamState } from "./optimizer.js";

/** Metadata key holding the JSON of the groups and scalar state. */
export const OPTIMIZER_KEY = "efficientecg.optimizer";

/** Returns the bytes of a safetensors file holding the optimiser's state dict and `metadata`. */
export function encodeOptimizerState<O extends BaseOptions>(
  optimizer: Optimizer<O>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const { state, paramGroups } = optimizer.stateDict();
  const tensors = new Map<string, SafetensorsEntry>();
  const scalars: Record<string, Record<string, number>> = {};
  for (const [index, paramState] of Object.entries(state)) {
    for (const [name, value] of Object.entries(paramState)) {
      if (typeof value === "number") (scalars[index] ??= {})[name] = value;
      else
        tensors.set(
          `state.${index}.${name}`,
          value instanceof Float32Array
            ? { dtype: "F32", shape: [value.length], data: value }
            : { dtype: "F64", shape: [value.length], data: value },
        );
    }
  }
  return encodeSafetensors(tensors, {
    ...metadata,
    [OPTIMIZER_KEY]: JSON.stringify({ paramGroups, scalars }),
  });
}

/**
 * Returns the optimiser state dict stored in safetensors `bytes` (for `optimizer.loadStateDict`). Throws a
 * SafetensorsError naming `source` when the file lacks the optimiser metadata or holds unexpected tensors.
 */
export function decodeOptimizerState<O extends BaseOptions>(
  bytes: Uint8Array,
  source = "<bytes>",
): OptimizerStateDict<O> {
  return fromContents(decodeSafetensors(bytes, source), source);
}

function fromContents<O extends BaseOptions>(
  contents: ReturnType<typeof decodeSafetensors>,
  source: string,
): OptimizerStateDict<O> {
  const json = contents.metadata[OPTIMIZER_KEY];
  if (json === undefined)
    throw new SafetensorsError(source, `no "${OPTIMIZER_KEY}" metadata: not an optimizer state file`);
  let parsed: { paramGroups?: unknown; scalars?: unknown };
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new SafetensorsError(source, `metadata "${OPTIMIZER_KEY}" is not valid JSON`, { cause: error });
  }
  if (!Array.isArray(parsed?.paramGroups) || typeof parsed.scalars !== "object" || parsed.scalars === null)
    throw new SafetensorsError(source, `metadata "${OPTIMIZER_KEY}" must hold paramGroups and scalars`);
  const state: Record<number, ParamState> = {};
  for (const [index, values] of Object.entries(parsed.scalars as Record<string, Record<string, number>>))
    state[Number(index)] = { ...values };
  for (const [name, entry] of contents.tensors) {
    const match = /^state\.(\d+)\.(.+)$/.exec(name);
    if (!match || (entry.dtype !== "F32" && entry.dtype !== "F64"))
      throw new SafetensorsError(
        source,
        `unexpected tensor "${name}" (${entry.dtype}) in an optimizer state file`,
      );
    (state[Number(match[1])] ??= {})[match[2]] = entry.data as Float32Array | Float64Array;
  }
  return { state, paramGroups: parsed.paramGroups as OptimizerStateDict<O>["paramGroups"] };
}

/** Saves the optimiser's state to `path` atomically. Returns the bytes written. */
export function saveOptimizerState<O extends BaseOptions>(
  optimizer: Optimizer<O>,
  path: string,
  metadata: Readonly<Record<string, string>> = {},
): number {
  const bytes = encodeOptimizerState(optimizer, metadata);
  writeFileAtomic(path, bytes);
  return bytes.length;
}

/** Loads the state saved at `path` into `optimizer` (which must hold the same parameters). Returns nothing. */
export function loadOptimizerState<O extends BaseOptions>(optimizer: Optimizer<O>, path: string): void {
  optimizer.loadStateDict(fromContents<O>(loadSafetensors(path), path));
}
