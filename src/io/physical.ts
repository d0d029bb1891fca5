/** Digital (ADC) samples -> physical units, as WFDB's rdsamp -p computes them. */
import { decodeRawInto } from "./decode.js";
import type { RecordPlan } from "./digital.js";
import { type FormatInfo, INVALID_DIGITAL } from "./formats.js";
import { WFDB_DEFAULT_GAIN, type WfdbSignalSpec } from "./header.js";

/**
 * Returns the samples in physical units, (digital - baseline) / gain, as a Float32Array of the same length;
 * invalid samples become NaN. A gain of 0 (uncalibrated signal) is treated as WFDB's default of 200 units
 * per physical unit, as the WFDB library does.
 */
export function toPhysical(digital: Int32Array, spec: WfdbSignalSpec): Float32Array {
  const gain = gainOf(spec);
  const baseline = spec.baseline;
  const out = new Float32Array(digital.length);
  for (let i = 0; i < digital.length; i++) {
    const value = digital[i];
    out[i] = value === INVALID_DIGITAL ? Number.NaN : (value - baseline) / gain;
  }
  return out;
}

/** Stream samples decoded per chunk: a multiple of 6 so chunks start on 212 and 310/311 group boundaries. */
const CHUNK_SAMPLES = 6 * 8192;

/**
 * Returns the physical samples of one file group's wanted signals, decoded straight from the bytes in
 * cache-sized chunks with a value table per signal (the common case: one sample per frame, no skew, no
 * format 8), or undefined when the group needs the general path (decodeGroup + toPhysical). Values are
 * identical to the general path's.
 */
export function decodeGroupPhysical(
  plan: RecordPlan,
  group: RecordPlan["groups"][number],
): Array<[number, Float32Array]> | undefined {
  const info = group.info;
  const specs = plan.header.signals;
  const simple =
    info !== undefined &&
    info.code !== 8 &&
    plan.maxSpf === 1 &&
    group.members.every((index) => specs[index].samplesPerFrame === 1 && specs[index].skew === 0);
  if (!simple) return undefined;
  const { from, to } = plan;
  const frameSize = group.frameSize;
  const outputs = group.wanted.map((index) => ({
    out: new Float32Array(to - from),
    offset: group.members.indexOf(index),
    convert: converter(specs[index], info, to - from),
  }));
  const buffer = new Int32Array(CHUNK_SAMPLES);
  const first = Math.floor((from * frameSize) / info.samplesPerGroup) * info.samplesPerGroup;
  const end = to * frameSize;
  for (let start = first; start < end; start += CHUNK_SAMPLES) {
    const count = Math.min(CHUNK_SAMPLES, end - start);
    const byte = group.byteOffset + (start / info.samplesPerGroup) * info.bytesPerGroup;
    decodeRawInto(group.bytes!, byte, info, count, buffer);
    for (const { out, offset, convert } of outputs) {
      const frameStart = Math.max(from, Math.ceil((start - offset) / frameSize));
      const frameEnd = Math.min(to, Math.ceil((start + count - offset) / frameSize));
      convert(
        buffer,
        frameStart * frameSize + offset - start,
        frameSize,
        out,
        frameStart - from,
        frameEnd - frameStart,
      );
    }
  }
  return outputs.map(({ out }, i) => [group.wanted[i], out]);
}

type Converter = (
  raw: Int32Array,
  at: number,
  stride: number,
  out: Float32Array,
  to: number,
  count: number,
) => void;

/** Returns a converter of raw samples to physical values: a lookup table for up to 16 bits, else arithmetic. */
function converter(spec: WfdbSignalSpec, info: FormatInfo, length: number): Converter {
  const gain = gainOf(spec);
  const baseline = spec.baseline;
  const sentinel = info.invalid;
  const size = 2 ** info.bits;
  if (info.bits <= 16 && size <= 4 * length) {
    // Table indexed by the raw value's low bits (two's complement); the sentinel maps to NaN.
    const table = new Float32Array(size);
    const mask = size - 1;
    for (let raw = -size / 2; raw < size / 2; raw++) {
      table[raw & mask] = raw === sentinel ? Number.NaN : (raw - baseline) / gain;
    }
    return (raw, at, stride, out, to, count) => {
      for (let i = 0; i < count; i++, at += stride) out[to + i] = table[raw[at] & mask];
    };
  }
  return (raw, at, stride, out, to, count) => {
    for (let i = 0; i < count; i++, at += stride) {
      const value = raw[at];
      out[to + i] = value === sentinel ? Number.NaN : (value - baseline) / gain;
    }
  };
}

function gainOf(spec: WfdbSignalSpec): number {
  return spec.adcGain === 0 ? WFDB_DEFAULT_GAIN : spec.adcGain;
}
