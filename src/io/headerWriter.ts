/** WfdbHeader -> `.hea` text (the inverse of parseHeader, for single-segment records). */
import { RecordError } from "./errors.js";
import type { WfdbHeader, WfdbSignalSpec } from "./header.js";

/**
 * Returns the text of a WFDB header (LF line endings, trailing newline) for the header, with every signal
 * field written out. Throws RecordError when a name, file name or unit contains blanks or a description
 * or comment contains a line break, since the header could not be read back.
 */
export function formatHeader(header: WfdbHeader, file = "<header>"): string {
  const fail = (reason: string): never => {
    throw new RecordError(file, reason);
  };
  checkToken(header.name, "record name", fail);
  if (header.signals.length !== header.signalCount) {
    fail(`signalCount is ${header.signalCount} but ${header.signals.length} signal(s) are given`);
  }
  let frequency = String(header.frequency);
  if (header.counterFrequency !== undefined) {
    frequency += `/${header.counterFrequency}`;
    if (header.baseCounter !== undefined) frequency += `(${header.baseCounter})`;
  }
  const recordLine = [header.name, header.signalCount, frequency, header.sampleCount ?? 0];
  if (header.baseTime !== undefined) recordLine.push(header.baseTime);
  if (header.baseDate !== undefined) recordLine.push(header.baseDate);
  const lines = [recordLine.join(" ")];
  for (const spec of header.signals) lines.push(signalLine(spec, fail));
  for (const comment of header.comments) {
    if (/[\r\n]/.test(comment)) fail(`comment ${JSON.stringify(comment)} contains a line break`);
    lines.push(`# ${comment}`);
  }
  return `${lines.join("\n")}\n`;
}

function signalLine(spec: WfdbSignalSpec, fail: (reason: string) => never): string {
  checkToken(spec.fileName, "signal file name", fail);
  checkToken(spec.units, "units", fail);
  if (/[\r\n]/.test(spec.description))
    fail(`description ${JSON.stringify(spec.description)} contains a line break`);
  let format = String(spec.format);
  if (spec.samplesPerFrame !== 1) format += `x${spec.samplesPerFrame}`;
  if (spec.skew !== 0) format += `:${spec.skew}`;
  if (spec.byteOffset !== 0) format += `+${spec.byteOffset}`;
  const gain = `${spec.adcGain}(${spec.baseline})/${spec.units}`;
  return [
    spec.fileName,
    format,
    gain,
    spec.adcResolution,
    spec.adcZero,
    spec.initialValue,
    spec.checksum ?? 0,
    spec.blockSize,
    spec.description,
  ].join(" ");
}

function checkToken(value: string, what: string, fail: (reason: string) => never): void {
  if (value === "" || /[\s]/.test(value))
    fail(`${what} ${JSON.stringify(value)} must be non-empty without blanks`);
}
