/** A decoded ECG record in physical units: header + signal bytes -> EcgRecord (no file system access). */
import { decodeGroup, planRecord, type ReadOptions, type SignalFileSource } from "./digital.js";
import type { WfdbHeader } from "./header.js";
import { metaFromComments, type RecordMeta } from "./headerMeta.js";
import { decodeGroupPhysical, toPhysical } from "./physical.js";

/** An ECG record: signals in physical units with their sampling frequency and patient information. */
export interface EcgRecord {
  /** Record name, e.g. "100". */
  name: string;
  /** Sampling frequency of `signals` in Hz (frame frequency x the largest samples-per-frame read). */
  fs: number;
  /** Samples per signal. */
  length: number;
  /** Signal descriptions, e.g. ["MLII", "V5"]. */
  leads: string[];
  /** Physical units per signal, e.g. ["mV", "mV"]. */
  units: string[];
  /** Samples in physical units ((digital - baseline) / gain); NaN where a sample is invalid. */
  signals: Float32Array[];
  /** Age (years) and sex from the header comments, and the comments themselves. */
  meta: RecordMeta;
  /** The full parsed header. */
  header: WfdbHeader;
}

/**
 * Returns the record in physical units from a parsed header and a source of its signal files' bytes.
 * Options select signals (`channels`) and a sample range (`from`, `to`, at the output rate). Signals sampled
 * slower than the fastest selected one are repeated (zero-order hold) to the fastest rate. `label` names the
 * record in errors. Throws RecordError.
 */
export function parseRecord(
  header: WfdbHeader,
  source: SignalFileSource,
  options?: ReadOptions,
  label = header.name,
): EcgRecord {
  const plan = planRecord(header, source, options, label);
  const decoded = new Map<number, Float32Array>();
  for (const group of plan.groups) {
    const fast = decodeGroupPhysical(plan, group);
    const pairs =
      fast ??
      decodeGroup(plan, group).map(([index, digital]): [number, Float32Array] => [
        index,
        toPhysical(digital, header.signals[index]),
      ]);
    for (const [index, samples] of pairs) decoded.set(index, samples);
  }
  const specs = plan.channels.map((index) => header.signals[index]);
  return {
    name: header.name,
    fs: plan.fs,
    length: plan.to - plan.from,
    leads: specs.map((spec) => spec.description),
    units: specs.map((spec) => spec.units),
    signals: plan.channels.map((index) => decoded.get(index)!),
    meta: metaFromComments(header.comments),
    header,
  };
}
