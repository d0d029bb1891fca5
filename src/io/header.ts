/**
 * WFDB header (`.hea`) text -> typed header. Follows the header(5) specification of the WFDB software
 * (https://physionet.org/physiotools/wag/header-5.htm): a record line, one line per signal, and `#` comments.
 */
import { RecordError } from "./errors.js";

/** One signal line of a WFDB header, with WFDB's defaults filled in for omitted fields. */
export interface WfdbSignalSpec {
  /** Signal file name relative to the header's folder (e.g. "100.dat"); "~" or "-" for none. */
  fileName: string;
  /** Storage format code (8, 16, 24, 32, 61, 80, 160, 212, 310, 311; 0 = null signal). */
  format: number;
  /** Samples of this signal in each frame (the `x` suffix; 1 unless the record is multi-frequency). */
  samplesPerFrame: number;
  /** Frames by which this signal is delayed in the file (the `:` suffix): sample t is stored in frame t + skew. */
  skew: number;
  /** Bytes to skip at the start of the signal file before the first sample (the `+` suffix). */
  byteOffset: number;
  /** ADC units per physical unit as written; 0 when omitted or written as 0 (physical conversion then uses 200). */
  adcGain: number;
  /** Digital value that corresponds to 0 physical units (defaults to the ADC zero). */
  baseline: number;
  /** Physical units, e.g. "mV" (the default). */
  units: string;
  /** ADC resolution in bits (defaults by format: 8 for 80, 10 for 310/311, 12 for 212, 16, 24, 32, else 12). */
  adcResolution: number;
  /** Digital value at the middle of the ADC range. */
  adcZero: number;
  /** Value of the first sample (needed by format 8, first differences); defaults to the ADC zero. */
  initialValue: number;
  /** 16-bit checksum of all samples as written, if present. */
  checksum?: number;
  /** Block size in bytes for special files (0 for ordinary files). */
  blockSize: number;
  /** Signal description, e.g. "MLII" (default "record <name>, signal <n>"). */
  description: string;
}

/** A parsed WFDB header of a single-segment record. */
export interface WfdbHeader {
  /** Record name from the record line, e.g. "100". */
  name: string;
  /** Number of signals declared on the record line. */
  signalCount: number;
  /** Frame frequency in Hz (frames per second per signal; 250 when omitted, as in WFDB). */
  frequency: number;
  /** Counter frequency in Hz (the `/counterfreq` part), if given. */
  counterFrequency?: number;
  /** Counter value of sample 0 (the `(basecounter)` part), if given. */
  baseCounter?: number;
  /** Frames per signal, if given (omitted or 0 means "read to the end of the file"). */
  sampleCount?: number;
  /** Time of day of sample 0 as written, e.g. "17:27:45" or "19:46:25.757". */
  baseTime?: string;
  /** Date of sample 0 as written (DD/MM/YYYY), e.g. "15/08/1994". */
  baseDate?: string;
  signals: WfdbSignalSpec[];
  /** Comment lines in order, without the leading `#` and surrounding blanks. */
  comments: string[];
}

/** The default ADC gain (units per mV) WFDB uses when a header gives none or 0. */
export const WFDB_DEFAULT_GAIN = 200;
/** The highest sampling frequency accepted, in Hz (ECG and physiological records stay far below it). */
export const MAX_FREQUENCY_HZ = 1_000_000;

const DEFAULT_FREQUENCY_HZ = 250;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE_TIME = /^\d{1,2}(:\d{1,2}){1,2}(\.\d+)?$/;
const BASE_DATE = /^\d{1,2}\/\d{1,2}\/\d{1,4}$/;

/**
 * Returns the typed header parsed from the text of a `.hea` file (LF or CRLF line endings).
 * `file` names the source in error messages. Throws RecordError for malformed or inconsistent headers and
 * for multi-segment records, which are not supported.
 */
export function parseHeader(text: string, file = "<header>"): WfdbHeader {
  const fail = (reason: string): never => {
    throw new RecordError(file, reason);
  };
  const comments: string[] = [];
  const lines: Array<{ text: string; number: number }> = [];
  text.split(/\r?\n|\r/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith("#")) comments.push(line.slice(1).trim());
    else lines.push({ text: line, number: index + 1 });
  });
  if (lines.length === 0) fail("header has no record line (empty or only comments)");
  const record = parseRecordLine(lines[0].text, fail);
  const signalLines = lines.slice(1);
  if (signalLines.length !== record.signalCount) {
    fail(
      `record line declares ${record.signalCount} signal(s) but the header has ${signalLines.length} signal line(s)`,
    );
  }
  const signals = signalLines.map((line, index) =>
    parseSignalLine(line.text, record.name, index, (reason) => fail(`line ${line.number}: ${reason}`)),
  );
  return { ...record, signals, comments };
}

function parseRecordLine(
  line: string,
  fail: (reason: string) => never,
): Omit<WfdbHeader, "signals" | "comments"> {
  const fields = line.split(/\s+/);
  const [nameField, countField, frequencyField, samplesField, timeField, dateField] = fields;
  if (fields.length > 6) fail(`record line has ${fields.length} fields, at most 6 are allowed: "${line}"`);
  if (nameField.includes("/")) {
    fail(`multi-segment records are not supported (record line "${line}")`);
  }
  if (countField === undefined) fail(`record line "${line}" lacks the number of signals`);
  const signalCount = integerField(countField, "number of signals", fail);
  if (signalCount < 0) fail(`number of signals must be >= 0 but is ${signalCount}`);
  const header: Omit<WfdbHeader, "signals" | "comments"> = {
    name: nameField,
    signalCount,
    frequency: DEFAULT_FREQUENCY_HZ,
  };
  if (frequencyField !== undefined) Object.assign(header, parseFrequency(frequencyField, fail));
  if (samplesField !== undefined) {
    const sampleCount = integerField(samplesField, "number of samples", fail);
    if (sampleCount < 0) fail(`number of samples must be >= 0 but is ${sampleCount}`);
    if (sampleCount > 0) header.sampleCount = sampleCount;
  }
  if (timeField !== undefined) {
    if (!BASE_TIME.test(timeField)) fail(`base time "${timeField}" is not HH:MM:SS`);
    header.baseTime = timeField;
  }
  if (dateField !== undefined) {
    if (!BASE_DATE.test(dateField)) fail(`base date "${dateField}" is not DD/MM/YYYY`);
    header.baseDate = dateField;
  }
  return header;
}

function parseFrequency(
  field: string,
  fail: (reason: string) => never,
): Pick<WfdbHeader, "frequency" | "counterFrequency" | "baseCounter"> {
  const match = /^([^/]+)(?:\/([^(]+)(?:\(([^)]*)\))?)?$/.exec(field);
  if (!match) return fail(`sampling frequency "${field}" is not of the form freq[/counterfreq[(base)]]`);
  const frequency = decimalField(match[1], "sampling frequency", fail);
  if (!(frequency > 0 && frequency <= MAX_FREQUENCY_HZ)) {
    fail(`sampling frequency must be in (0, ${MAX_FREQUENCY_HZ}] Hz but is ${frequency}`);
  }
  const result: Pick<WfdbHeader, "frequency" | "counterFrequency" | "baseCounter"> = { frequency };
  if (match[2] !== undefined) {
    const counterFrequency = decimalField(match[2], "counter frequency", fail);
    if (!(counterFrequency > 0)) fail(`counter frequency must be > 0 but is ${counterFrequency}`);
    result.counterFrequency = counterFrequency;
  }
  if (match[3] !== undefined) result.baseCounter = decimalField(match[3], "base counter", fail);
  return result;
}

function parseSignalLine(
  line: string,
  recordName: string,
  index: number,
  fail: (reason: string) => never,
): WfdbSignalSpec {
  // The description (9th field) is the rest of the line and may contain blanks.
  const fields: string[] = [];
  let rest = line;
  while (fields.length < 8 && rest !== "") {
    const match = /^(\S+)\s*/.exec(rest)!;
    fields.push(match[1]);
    rest = rest.slice(match[0].length);
  }
  const [
    fileName,
    formatField,
    gainField,
    resolutionField,
    zeroField,
    initialField,
    checksumField,
    blockField,
  ] = fields;
  if (formatField === undefined) fail(`signal line "${line}" lacks the format`);
  const layout = parseFormatField(formatField, fail);
  const spec: WfdbSignalSpec = {
    fileName,
    ...layout,
    adcGain: 0,
    baseline: 0,
    units: "mV",
    adcResolution: 0,
    adcZero: 0,
    initialValue: 0,
    blockSize: 0,
    description: rest !== "" ? rest : `record ${recordName}, signal ${index}`,
  };
  let baseline: number | undefined;
  if (gainField !== undefined) {
    const gain = parseGainField(gainField, fail);
    spec.adcGain = gain.adcGain;
    baseline = gain.baseline;
    if (gain.units !== undefined) spec.units = gain.units;
  }
  if (resolutionField !== undefined) {
    spec.adcResolution = integerField(resolutionField, "ADC resolution", fail);
    if (spec.adcResolution < 0 || spec.adcResolution > 32) {
      fail(`ADC resolution must be 0..32 bits but is ${spec.adcResolution}`);
    }
  }
  if (spec.adcResolution === 0) spec.adcResolution = defaultResolution(spec.format);
  if (zeroField !== undefined) spec.adcZero = integerField(zeroField, "ADC zero", fail);
  spec.baseline = baseline ?? spec.adcZero;
  spec.initialValue =
    initialField !== undefined ? integerField(initialField, "initial value", fail) : spec.adcZero;
  if (checksumField !== undefined) spec.checksum = integerField(checksumField, "checksum", fail);
  if (blockField !== undefined) {
    spec.blockSize = integerField(blockField, "block size", fail);
    if (spec.blockSize < 0) fail(`block size must be >= 0 but is ${spec.blockSize}`);
  }
  return spec;
}

function parseFormatField(
  field: string,
  fail: (reason: string) => never,
): Pick<WfdbSignalSpec, "format" | "samplesPerFrame" | "skew" | "byteOffset"> {
  const match = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/.exec(field);
  if (!match) return fail(`format "${field}" is not of the form format[xspf][:skew][+offset]`);
  const layout = {
    format: Number(match[1]),
    samplesPerFrame: match[2] === undefined ? 1 : Number(match[2]),
    skew: match[3] === undefined ? 0 : Number(match[3]),
    byteOffset: match[4] === undefined ? 0 : Number(match[4]),
  };
  if (layout.samplesPerFrame < 1) fail(`samples per frame must be >= 1 in format "${field}"`);
  for (const [key, value] of Object.entries(layout)) {
    if (!Number.isSafeInteger(value)) fail(`${key} in format "${field}" is too large`);
  }
  return layout;
}

function parseGainField(
  field: string,
  fail: (reason: string) => never,
): { adcGain: number; baseline?: number; units?: string } {
  const match = /^([^(/]+)(?:\(([^)]*)\))?(?:\/(.*))?$/.exec(field);
  if (!match) return fail(`ADC gain "${field}" is not of the form gain[(baseline)][/units]`);
  const adcGain = decimalField(match[1], "ADC gain", fail);
  const result: { adcGain: number; baseline?: number; units?: string } = { adcGain };
  if (match[2] !== undefined) result.baseline = integerField(match[2], "baseline", fail);
  if (match[3] !== undefined) {
    if (match[3] === "") fail(`ADC gain "${field}" has an empty unit after "/"`);
    result.units = match[3];
  }
  return result;
}

/** Returns WFDB's default ADC resolution in bits for a storage format. */
function defaultResolution(format: number): number {
  switch (format) {
    case 80:
      return 8;
    case 310:
    case 311:
      return 10;
    case 16:
    case 61:
    case 160:
      return 16;
    case 24:
      return 24;
    case 32:
      return 32;
    default:
      return 12;
  }
}

function integerField(text: string, what: string, fail: (reason: string) => never): number {
  const value = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(value)) fail(`${what} "${text}" is not an integer`);
  return value;
}

function decimalField(text: string, what: string, fail: (reason: string) => never): number {
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value)) fail(`${what} "${text}" is not a finite number`);
  return value;
}
