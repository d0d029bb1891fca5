/**
 * Module weights as safetensors: a state dict becomes one tensor per dotted name (F32 or F64 as the tensor's
 * dtype), with the module class versions in the `__metadata__` so that old checkpoints migrate on load.
 * Files written here load in PyTorch with `safetensors.torch.load_file` + `load_state_dict`, and PyTorch's
 * files load here (F16/BF16/integer entries are converted to the module's dtypes).
 */
import { Tensor } from "../tensor/index.js";
import { ModuleError, SafetensorsError } from "./errors.js";
import type { LoadResult, Module, StateDict } from "./module.js";
import {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsContents,
  type SafetensorsEntry,
  toFloatArray,
} from "./safetensors.js";
import { loadSafetensors, writeFileAtomic } from "./safetensors-file.js";

/** Metadata key holding the JSON of `module.stateVersions()`. */
export const VERSIONS_KEY = "efficientecg.versions";

/** Returns the safetensors entries of a state dict (copies of the data, F32 or F64 by tensor dtype). */
export function stateDictToEntries(dict: StateDict): Map<string, SafetensorsEntry> {
  const entries = new Map<string, SafetensorsEntry>();
  for (const [name, tensor] of Object.entries(dict)) {
    const data = tensor.data;
    entries.set(
      name,
      data instanceof Float32Array
        ? { dtype: "F32", shape: [...tensor.shape], data: data.slice() }
        : { dtype: "F64", shape: [...tensor.shape], data: data.slice() },
    );
  }
  return entries;
}

/** Returns the bytes of a safetensors file with the module's state dict, class versions and `metadata`. */
export function encodeWeights(module: Module, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  if (Object.hasOwn(metadata, VERSIONS_KEY))
    throw new ModuleError(`encodeWeights: metadata key "${VERSIONS_KEY}" is reserved`);
  return encodeSafetensors(stateDictToEntries(module.stateDict()), {
    format: "pt",
    ...metadata,
    [VERSIONS_KEY]: JSON.stringify(module.stateVersions()),
  });
}

/** Saves the module's weights to `path` atomically (temp file + rename). Returns the bytes written. */
export function saveWeights(
  module: Module,
  path: string,
  metadata: Readonly<Record<string, string>> = {},
): number {
  const bytes = encodeWeights(module, metadata);
  writeFileAtomic(path, bytes);
  return bytes.length;
}

/** Result of loading weights: keys not loaded (non-strict) and the file's metadata. */
export interface WeightsLoadResult extends LoadResult {
  metadata: Record<string, string>;
}

/**
 * Loads decoded safetensors contents into `module` (converted to each target tensor's dtype); `source` names
 * the file in errors. Throws a ModuleError listing every missing, unexpected or mis-sized tensor (see
 * Module.loadStateDict).
 */
export function loadContents(
  module: Module,
  contents: SafetensorsContents,
  source: string,
  options: { strict?: boolean } = {},
): WeightsLoadResult {
  const targets = module.stateDict();
  const dict = new Map<string, Tensor>();
  for (const [name, entry] of contents.tensors) {
    const dtype = targets[name]?.dtype ?? "float32";
    dict.set(name, Tensor.from(toFloatArray(entry, dtype), [...entry.shape], { dtype }));
  }
  let versions: Record<string, number> | undefined;
  const versionsJson = contents.metadata[VERSIONS_KEY];
  if (versionsJson !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(versionsJson);
    } catch (error) {
      throw new SafetensorsError(source, `metadata "${VERSIONS_KEY}" is not valid JSON`, { cause: error });
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new SafetensorsError(
        source,
        `metadata "${VERSIONS_KEY}" must be a JSON object of class versions`,
      );
    versions = parsed as Record<string, number>;
  }
  try {
    const result = module.loadStateDict(dict, { strict: options.strict, versions });
    return { ...result, metadata: contents.metadata };
  } catch (error) {
    if (error instanceof ModuleError) throw new ModuleError(`${source}: ${error.message}`, { cause: error });
    throw error;
  } finally {
    for (const tensor of dict.values()) tensor.dispose();
  }
}

/** Loads weights from safetensors `bytes` into `module`. Returns the keys not loaded and the metadata. */
export function decodeWeights(
  module: Module,
  bytes: Uint8Array,
  options: { strict?: boolean; source?: string } = {},
): WeightsLoadResult {
  const source = options.source ?? "<bytes>";
  return loadContents(module, decodeSafetensors(bytes, source), source, options);
}

/** Loads the safetensors file at `path` into `module`. Returns the keys not loaded and the file's metadata. */
export function loadWeights(
  module: Module,
  path: string,
  options: { strict?: boolean } = {},
): WeightsLoadResult {
  return loadContents(module, loadSafetensors(path), path, options);
}
