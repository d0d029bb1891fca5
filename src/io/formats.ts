/**
 * Facts about each WFDB signal storage format, kept as data (as wfdb-python's `_signal.py` does), and the
 * byte/sample arithmetic that follows from them. Formats store samples as a stream: for packed formats
 * (212, 310, 311) a group of samples shares a few bytes, and groups continue across frames and signals.
 */

/** Storage facts of one WFDB format. */
export interface FormatInfo {
  /** Format code as written in headers. */
  code: number;
  /** What the format stores. */
  description: string;
  /** Samples in one packed group (1 for byte-aligned formats). */
  samplesPerGroup: number;
  /** Bytes of one packed group. */
  bytesPerGroup: number;
  /** For a final, incomplete group: bytes needed to hold its first k samples (index k, k < samplesPerGroup). */
  partialGroupBytes: readonly number[];
  /** Bits per stored value. */
  bits: number;
  /** Raw value that marks an invalid sample (WFDB's sentinel), or undefined if the format has none. */
  invalid?: number;
}

/** Digital value used for every invalid sample in decoded digital signals (whatever the format's sentinel). */
export const INVALID_DIGITAL = -2147483648;

const table: FormatInfo[] = [
  {
    code: 8,
    description: "8-bit first differences",
    samplesPerGroup: 1,
    bytesPerGroup: 1,
    partialGroupBytes: [0],
    bits: 8,
  },
  {
    code: 16,
    description: "16-bit two's complement, little-endian",
    samplesPerGroup: 1,
    bytesPerGroup: 2,
    partialGroupBytes: [0],
    bits: 16,
    invalid: -32768,
  },
  {
    code: 24,
    description: "24-bit two's complement, little-endian",
    samplesPerGroup: 1,
    bytesPerGroup: 3,
    partialGroupBytes: [0],
    bits: 24,
    invalid: -8388608,
  },
  {
    code: 32,
    description: "32-bit two's complement, little-endian",
    samplesPerGroup: 1,
    bytesPerGroup: 4,
    partialGroupBytes: [0],
    bits: 32,
    invalid: -2147483648,
  },
  {
    code: 61,
    description: "16-bit two's complement, big-endian",
    samplesPerGroup: 1,
    bytesPerGroup: 2,
    partialGroupBytes: [0],
    bits: 16,
    invalid: -32768,
  },
  {
    code: 80,
    description: "8-bit offset binary",
    samplesPerGroup: 1,
    bytesPerGroup: 1,
    partialGroupBytes: [0],
    bits: 8,
    invalid: -128,
  },
  {
    code: 160,
    description: "16-bit offset binary, little-endian",
    samplesPerGroup: 1,
    bytesPerGroup: 2,
    partialGroupBytes: [0],
    bits: 16,
    invalid: -32768,
  },
  {
    code: 212,
    description: "two 12-bit samples packed in 3 bytes",
    samplesPerGroup: 2,
    bytesPerGroup: 3,
    partialGroupBytes: [0, 2],
    bits: 12,
    invalid: -2048,
  },
  {
    code: 310,
    description: "three 10-bit samples packed in two 16-bit words",
    samplesPerGroup: 3,
    bytesPerGroup: 4,
    partialGroupBytes: [0, 2, 4],
    bits: 10,
    invalid: -512,
  },
  {
    code: 311,
    description: "three 10-bit samples packed in one 32-bit word",
    samplesPerGroup: 3,
    bytesPerGroup: 4,
    partialGroupBytes: [0, 2, 3],
    bits: 10,
    invalid: -512,
  },
];

/** Storage facts of every supported signal format, keyed by format code. */
export const FORMATS: ReadonlyMap<number, FormatInfo> = new Map(table.map((info) => [info.code, info]));

/** Returns the number of bytes that hold `samples` consecutive samples of a format, from a group boundary. */
export function bytesForSamples(info: FormatInfo, samples: number): number {
  const groups = Math.floor(samples / info.samplesPerGroup);
  return groups * info.bytesPerGroup + info.partialGroupBytes[samples % info.samplesPerGroup];
}

/** Returns the number of whole samples of a format that `bytes` bytes hold, from a group boundary. */
export function samplesInBytes(info: FormatInfo, bytes: number): number {
  const groups = Math.floor(bytes / info.bytesPerGroup);
  const rest = bytes - groups * info.bytesPerGroup;
  let partial = 0;
  while (partial + 1 < info.samplesPerGroup && info.partialGroupBytes[partial + 1] <= rest) partial++;
  return groups * info.samplesPerGroup + partial;
}
