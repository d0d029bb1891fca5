/**
 * Physical signals -> digital samples -> bytes of a format 16 or 212 signal file, plus the header that
 * describes them (the inverse of readRecord, as WFDB's wrsamp/putvec write them).
 */
import { RecordError } from "./errors.js";
import { FORMATS, INVALID_DIGITAL } from "./formats.js";
import { WFDB_DEFAULT_GAIN, type WfdbHeader, type WfdbSignalSpec } from "./header.js";

/** Formats the writer produces. */
export type WritableFormat = 16 | 212;

/** A record to write: physical signals at one sampling frequency, with optional labels. */
export interface RecordToWrite {
  name: string;
  /** Sampling frequency in Hz. */
  fs: number;
  /** Samples in physical units, all of the same length; NaN marks an invalid sample. */
  signals: Float32Array[];
  /** Signal descriptions (default "signal <i>"). */
  leads?: string[];
  /** Physical units (default "mV"). */
  units?: string[];
  /** Header comment lines, e.g. ["69 M"] or ["<age>: 51", "<sex>: F"]. */
  comments?: string[];
}

/** How to store the samples. */
export interface EncodeOptions {
  /** Storage format (default 16). */
  format?: WritableFormat;
  /** ADC units per physical unit for each signal (default: chosen to span the format's range). */
  gains?: number[];
  /** Digital value of 0 physical units for each signal (default: centres the signal's range). */
  baselines?: number[];
}

/** Returns the digital samples round(value * gain + baseline), with NaN -> INVALID_DIGITAL. Throws when out of range. */
export function digitize(
  physical: Float32Array,
  gain: number,
  baseline: number,
  format: WritableFormat,
  label = "<signal>",
): Int32Array {
  const bits = FORMATS.get(format)!.bits;
  const max = 2 ** (bits - 1) - 1;
  const min = -max; // the lowest value is the invalid-sample sentinel
  const out = new Int32Array(physical.length);
  for (let i = 0; i < physical.length; i++) {
    const value = physical[i];
    if (Number.isNaN(value)) {
      out[i] = INVALID_DIGITAL;
      continue;
    }
    const digital = Math.round(value * gain + baseline);
    if (!(digital >= min && digital <= max)) {
      throw new RecordError(
        label,
        `sample ${i} (${value}) becomes ${digital} with gain ${gain} and baseline ${baseline}, ` +
          `outside format ${format}'s range ${min}..${max}`,
      );
    }
    out[i] = digital;
  }
  return out;
}

/** Returns a gain (6 significant digits) and an integer baseline that map the signal's range into the format's. */
export function chooseAdcParameters(
  physical: Float32Array,
  format: WritableFormat,
): { gain: number; baseline: number } {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of physical) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  const span = 2 ** FORMATS.get(format)!.bits - 4; // keep off the sentinel and rounding edges
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { gain: WFDB_DEFAULT_GAIN, baseline: 0 };
  const magnitude = Math.max(Math.abs(low), Math.abs(high));
  if (high - low <= 1e-9 * Math.max(1, magnitude)) {
    // A constant signal: WFDB's default gain if the value fits, else just enough range for it.
    const gain =
      magnitude * WFDB_DEFAULT_GAIN < span / 2 ? WFDB_DEFAULT_GAIN : roundDown(span / 2 / magnitude, 6);
    return { gain, baseline: 0 };
  }
  const gain = roundDown(span / (high - low), 6);
  const baseline = Math.round(-((high + low) / 2) * gain) || 0; // never -0
  return { gain, baseline };
}

/** Returns the header and the signal file bytes of a record to write. Throws RecordError for bad input. */
export function encodeRecord(
  record: RecordToWrite,
  options: EncodeOptions = {},
): { header: WfdbHeader; signalBytes: Uint8Array } {
  const format = options.format ?? 16;
  const fail = (reason: string): never => {
    throw new RecordError(record.name, reason);
  };
  if (format !== 16 && format !== 212) fail(`cannot write format ${format}; the writer supports 16 and 212`);
  if (!(record.fs > 0 && Number.isFinite(record.fs)))
    fail(`sampling frequency must be > 0 but is ${record.fs}`);
  const count = record.signals.length;
  if (count === 0) fail("no signals to write");
  const length = record.signals[0].length;
  if (length === 0) fail("zero-length signals cannot be written");
  if (record.signals.some((signal) => signal.length !== length)) fail("signals differ in length");
  const fileName = `${record.name}.dat`;
  const digital: Int32Array[] = [];
  const signals: WfdbSignalSpec[] = record.signals.map((physical, i) => {
    const chosen = chooseAdcParameters(physical, format);
    const gain = options.gains?.[i] ?? chosen.gain;
    const baseline = options.baselines?.[i] ?? chosen.baseline;
    if (!(gain > 0 && Number.isFinite(gain))) fail(`gain of signal ${i} must be > 0 but is ${gain}`);
    if (!Number.isSafeInteger(baseline))
      fail(`baseline of signal ${i} must be an integer but is ${baseline}`);
    const samples = digitize(physical, gain, baseline, format, `${record.name} signal ${i}`);
    digital.push(samples);
    return {
      fileName,
      format,
      samplesPerFrame: 1,
      skew: 0,
      byteOffset: 0,
      adcGain: gain,
      baseline,
      units: record.units?.[i] ?? "mV",
      adcResolution: FORMATS.get(format)!.bits,
      adcZero: 0,
      initialValue: samples[0] === INVALID_DIGITAL ? FORMATS.get(format)!.invalid! : samples[0],
      checksum: checksum(samples, format),
      blockSize: 0,
      description: record.leads?.[i] ?? `signal ${i}`,
    };
  });
  const header: WfdbHeader = {
    name: record.name,
    signalCount: count,
    frequency: record.fs,
    sampleCount: length,
    signals,
    comments: record.comments ?? [],
  };
  return { header, signalBytes: encodeSignals(digital, format) };
}

/**
 * Returns the bytes of a signal file holding the digital signals interleaved frame by frame (one sample
 * per signal per frame); INVALID_DIGITAL is written as the format's sentinel. A format 212 file with an
 * odd number of samples ends with a 2-byte half group, as WFDB writes it.
 */
export function encodeSignals(digital: Int32Array[], format: WritableFormat): Uint8Array {
  const count = digital.length;
  const length = count === 0 ? 0 : digital[0].length;
  const total = count * length;
  const sentinel = FORMATS.get(format)!.invalid!;
  const valueAt = (k: number): number => {
    const value = digital[k % count][Math.floor(k / count)];
    return value === INVALID_DIGITAL ? sentinel : value;
  };
  if (format === 16) {
    const bytes = new Uint8Array(total * 2);
    for (let k = 0; k < total; k++) {
      const value = valueAt(k);
      bytes[2 * k] = value & 0xff;
      bytes[2 * k + 1] = (value >> 8) & 0xff;
    }
    return bytes;
  }
  const bytes = new Uint8Array(Math.floor(total / 2) * 3 + (total & 1 ? 2 : 0));
  for (let k = 0, q = 0; k < total; k += 2, q += 3) {
    const first = valueAt(k);
    bytes[q] = first & 0xff;
    if (k + 1 < total) {
      const second = valueAt(k + 1);
      bytes[q + 1] = ((first >> 8) & 0x0f) | ((second >> 4) & 0xf0);
      bytes[q + 2] = second & 0xff;
    } else {
      bytes[q + 1] = (first >> 8) & 0x0f;
    }
  }
  return bytes;
}

/** Returns WFDB's signal checksum: the sum of the stored values, as a signed 16-bit number. */
function checksum(samples: Int32Array, format: WritableFormat): number {
  const sentinel = FORMATS.get(format)!.invalid!;
  let sum = 0;
  for (const value of samples) sum = (sum + (value === INVALID_DIGITAL ? sentinel : value)) & 0xffff;
  return (sum << 16) >> 16;
}

function roundDown(value: number, digits: number): number {
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(value)));
  return Math.floor(value * scale) / scale;
}
