/**
 * WFDB header + signal file bytes -> digital samples per signal: groups signals by file, checks each file's
 * size against the header before allocating, decodes the needed frames, integrates format 8 differences,
 * applies skew, and expands multi-frequency records to the highest rate (WFDB's "high resolution" mode).
 */

import { expected } from "../errors.js";
import { decodeStream } from "./decode.js";
import { RecordError } from "./errors.js";
import { bytesForSamples, FORMATS, type FormatInfo, INVALID_DIGITAL, samplesInBytes } from "./formats.js";
import type { WfdbHeader, WfdbSignalSpec } from "./header.js";

/** Where signal file bytes come from: a function of the file name as written in the header. */
export type SignalFileSource = (fileName: string) => Uint8Array;

/** Which part of a record to decode: signal indices and a sample range at the output rate. */
export interface ReadOptions {
  /** Indices of the header's signals to read, in the order wanted (default: all). */
  channels?: number[];
  /** First sample to read (default 0), at the output rate `fs`. */
  from?: number;
  /** One past the last sample to read (default: the end of the record), at the output rate `fs`. */
  to?: number;
}

/** Digital samples of the selected signals of a record. */
export interface DigitalRecord {
  header: WfdbHeader;
  /** Indices into header.signals of the decoded signals, in output order. */
  channels: number[];
  /** Output sampling frequency in Hz: frame frequency x the largest samples-per-frame among the channels. */
  fs: number;
  /** Samples per signal in `signals`. */
  length: number;
  /** First decoded sample, at `fs` (options.from). */
  from: number;
  /** Digital (ADC) values; invalid samples are INVALID_DIGITAL. */
  signals: Int32Array[];
}

/** One signal file and the signals it holds. */
export interface FileGroup {
  fileName: string;
  info: FormatInfo | undefined;
  byteOffset: number;
  /** Header indices of the group's signals, in file order. */
  members: number[];
  /** Samples of all member signals in one frame. */
  frameSize: number;
  bytes: Uint8Array | undefined;
}

/**
 * Returns the digital samples of the selected signals of a record, given its parsed header and a source of
 * signal file bytes. `label` names the record in errors. Throws RecordError when a file is missing, shorter
 * than the header says, in an unsupported format, or when the options are out of range.
 */
export function decodeDigital(
  header: WfdbHeader,
  source: SignalFileSource,
  options: ReadOptions = {},
  label = header.name,
): DigitalRecord {
  const plan = planRecord(header, source, options, label);
  const decoded = new Map<number, Int32Array>();
  for (const group of plan.groups) {
    for (const [index, samples] of decodeGroup(plan, group)) decoded.set(index, samples);
  }
  return {
    header,
    channels: plan.channels,
    fs: plan.fs,
    length: plan.to - plan.from,
    from: plan.from,
    signals: plan.channels.map((index) => decoded.get(index)!),
  };
}

/** What to decode: the checked options, and the file groups holding wanted signals (their bytes read). */
export interface RecordPlan {
  header: WfdbHeader;
  channels: number[];
  /** File groups holding at least one wanted signal, with `wanted` listing those signals. */
  groups: Array<FileGroup & { wanted: number[] }>;
  /** Frames of the record: the header's sample count, or what the signal files hold when it gives none. */
  frames: number;
  /** Largest samples-per-frame among the wanted signals. */
  maxSpf: number;
  fs: number;
  from: number;
  to: number;
}

/**
 * Returns the decoding plan of a record: checks the options and every wanted signal file's size against the
 * header (before any sample array is allocated). Throws RecordError as decodeDigital does.
 */
export function planRecord(
  header: WfdbHeader,
  source: SignalFileSource,
  options: ReadOptions = {},
  label = header.name,
): RecordPlan {
  const fail = (reason: string): never => {
    throw new RecordError(label, reason);
  };
  if (header.signals.length === 0) fail("record has no signals");
  const channels = selectChannels(header, options.channels, fail);
  const groups = groupByFile(header, channels, source, fail);
  const frames = countFrames(header, groups, fail);
  const maxSpf = Math.max(...channels.map((c) => header.signals[c].samplesPerFrame));
  const total = frames * maxSpf;
  const from = options.from ?? 0;
  const to = options.to ?? total;
  if (!Number.isSafeInteger(from) || from < 0 || from >= total) {
    fail(expected(`an integer sample index in [0, ${total})`, "options.from", options.from));
  }
  if (!Number.isSafeInteger(to) || to <= from || to > total) {
    fail(expected(`an integer sample index in (${from}, ${total}]`, "options.to", options.to));
  }
  const wantedGroups = groups
    .map((group) => ({ ...group, wanted: group.members.filter((index) => channels.includes(index)) }))
    .filter((group) => group.wanted.length > 0);
  return { header, channels, groups: wantedGroups, frames, maxSpf, fs: header.frequency * maxSpf, from, to };
}

function selectChannels(
  header: WfdbHeader,
  channels: number[] | undefined,
  fail: (r: string) => never,
): number[] {
  const count = header.signals.length;
  if (channels === undefined) return header.signals.map((_, index) => index);
  const valid =
    Array.isArray(channels) &&
    channels.length > 0 &&
    channels.every((c) => Number.isInteger(c) && c >= 0 && c < count);
  if (!valid)
    fail(expected(`a non-empty array of signal indices in [0, ${count})`, "options.channels", channels));
  return [...channels];
}

function groupByFile(
  header: WfdbHeader,
  channels: number[],
  source: SignalFileSource,
  fail: (r: string) => never,
): FileGroup[] {
  const groups: FileGroup[] = [];
  header.signals.forEach((spec, index) => {
    const last = groups.at(-1);
    if (last && spec.format !== 0 && last.fileName === spec.fileName) {
      if (spec.format !== last.info?.code) {
        fail(`signals in ${spec.fileName} mix formats ${last.info?.code} and ${spec.format}`);
      }
      last.members.push(index);
      last.frameSize += spec.samplesPerFrame;
      return;
    }
    if (spec.format !== 0 && groups.some((g) => g.fileName === spec.fileName)) {
      fail(`signals stored in ${spec.fileName} must be listed consecutively in the header`);
    }
    groups.push({
      fileName: spec.fileName,
      info: spec.format === 0 ? undefined : formatInfo(spec, fail),
      byteOffset: spec.byteOffset,
      members: [index],
      frameSize: spec.samplesPerFrame,
      bytes: undefined,
    });
  });
  // Read only the files that hold wanted signals (a null signal, format 0, has no file).
  for (const group of groups) {
    if (group.info && group.members.some((index) => channels.includes(index))) {
      group.bytes = source(group.fileName);
    }
  }
  return groups;
}

function formatInfo(spec: WfdbSignalSpec, fail: (r: string) => never): FormatInfo {
  const info = FORMATS.get(spec.format);
  if (!info) {
    fail(
      `signal format ${spec.format} (${spec.description}) is not supported; supported formats: ` +
        `0, ${[...FORMATS.keys()].join(", ")}`,
    );
  }
  return info!;
}

/** Returns the number of frames of the record, checking every read file is long enough for it. */
function countFrames(header: WfdbHeader, groups: FileGroup[], fail: (r: string) => never): number {
  const read = groups.filter((group) => group.bytes !== undefined);
  if (header.sampleCount === undefined) {
    if (read.length === 0) fail("header gives no sample count and the record has no signal file to measure");
    const frames = Math.min(...read.map((group) => availableFrames(group)));
    if (frames === 0) fail("zero-length signal: the signal file holds no complete frame");
    return frames;
  }
  for (const group of read) {
    const needed = group.byteOffset + bytesForSamples(group.info!, header.sampleCount * group.frameSize);
    const size = group.bytes!.length;
    if (size < needed) {
      fail(
        `signal file ${group.fileName} has ${size} bytes but the header's ${header.sampleCount} samples of ` +
          `${group.members.length} signal(s) in format ${group.info!.code} need ${needed} (file truncated?)`,
      );
    }
  }
  return header.sampleCount;
}

/** Returns the number of whole frames a group's file holds after its byte offset. */
function availableFrames(group: FileGroup): number {
  const bytes = Math.max(0, group.bytes!.length - group.byteOffset);
  return Math.floor(samplesInBytes(group.info!, bytes) / group.frameSize);
}

/** Returns the digital samples of the wanted signals of one file group over the plan's output samples [from, to). */
export function decodeGroup(
  plan: RecordPlan,
  group: RecordPlan["groups"][number],
): Array<[number, Int32Array]> {
  const { header, maxSpf, from, to } = plan;
  const wanted = group.wanted;
  const length = to - from;
  if (!group.info) return wanted.map((index) => [index, new Int32Array(length).fill(INVALID_DIGITAL)]);
  const info = group.info;
  const specs = header.signals;
  const firstFrame = Math.floor(from / maxSpf);
  const lastFrame = Math.ceil(to / maxSpf); // exclusive
  const maxSkew = Math.max(...wanted.map((index) => specs[index].skew));
  const minSkew = Math.min(...wanted.map((index) => specs[index].skew));
  const available = availableFrames(group);
  // NOTE: format 8 stores differences, so decoding must start at the first frame of the file.
  const startFrame = info.code === 8 ? 0 : Math.min(firstFrame + minSkew, available);
  const endFrame = Math.min(lastFrame + maxSkew, available);
  const streamStart =
    Math.floor((startFrame * group.frameSize) / info.samplesPerGroup) * info.samplesPerGroup;
  const streamEnd = Math.max(streamStart, endFrame * group.frameSize);
  const byteStart = group.byteOffset + (streamStart / info.samplesPerGroup) * info.bytesPerGroup;
  const stream = decodeStream(group.bytes!, byteStart, info, streamEnd - streamStart);

  const offsets = new Map<number, number>();
  let offset = 0;
  for (const index of group.members) {
    offsets.set(index, offset);
    offset += specs[index].samplesPerFrame;
  }
  if (info.code === 8) {
    for (const index of wanted) integrate(stream, offsets.get(index)!, specs[index], group.frameSize);
  }
  return wanted.map((index) => {
    const spec = specs[index];
    const out = new Int32Array(length);
    const base = offsets.get(index)! - streamStart;
    const spf = spec.samplesPerFrame;
    const stride = group.frameSize;
    if (maxSpf === 1) {
      const end = Math.min(to, endFrame - spec.skew);
      let i = 0;
      for (let at = (from + spec.skew) * stride + base; i < end - from; i++, at += stride)
        out[i] = stream[at];
      out.fill(INVALID_DIGITAL, Math.max(0, i));
      return [index, out];
    }
    for (let i = 0; i < length; i++) {
      const sample = from + i;
      const frame = Math.floor(sample / maxSpf) + spec.skew;
      // Zero-order hold for signals slower than the fastest one (WFDB getvec in WFDB_HIGHRES mode).
      const within = Math.floor((spf * (sample % maxSpf)) / maxSpf);
      out[i] = frame < endFrame ? stream[frame * stride + base + within] : INVALID_DIGITAL;
    }
    return [index, out];
  });
}

/** Replaces one signal's stored first differences in the stream by their running sum from the initial value. */
function integrate(stream: Int32Array, offset: number, spec: WfdbSignalSpec, frameSize: number): void {
  let value = spec.initialValue;
  for (let frameStart = 0; frameStart + offset < stream.length; frameStart += frameSize) {
    for (let k = 0; k < spec.samplesPerFrame; k++) {
      const at = frameStart + offset + k;
      if (at >= stream.length) return;
      value = (value + stream[at]) | 0;
      stream[at] = value;
    }
  }
}
