/** Annotation[] -> bytes of an MIT-format annotation file (the inverse of parseAnnotations; WFDB putann). */
import { annotationCode } from "./annotationCodes.js";
import type { Annotation } from "./annotations.js";
import { AUX, CHN, NUM, SKIP, SUB } from "./annotations.js";
import { RecordError } from "./errors.js";

const auxEncoder = new TextEncoder();

/**
 * Returns the bytes of an MIT-format annotation file holding the annotations, which must be in
 * non-decreasing sample order. Throws RecordError (naming `file`) for an unknown symbol or a field out of
 * range: sample >= 0, subtype and num in -128..127, chan in 0..255, aux at most 254 UTF-8 bytes.
 */
export function encodeAnnotations(annotations: readonly Annotation[], file = "<annotations>"): Uint8Array {
  const words: number[] = [];
  const auxChunks = new Map<number, Uint8Array>();
  let previousSample = 0;
  let chan = 0;
  let num = 0;
  annotations.forEach((annotation, index) => {
    const fail = (reason: string): never => {
      throw new RecordError(file, `annotation ${index}: ${reason}`);
    };
    const code = annotationCode(annotation.symbol) ?? (annotation.symbol === " " ? 0 : undefined);
    if (code === undefined) fail(`unknown annotation symbol ${JSON.stringify(annotation.symbol)}`);
    checkInteger(annotation.sample, 0, Number.MAX_SAFE_INTEGER, "sample", fail);
    checkInteger(annotation.subtype, -128, 127, "subtype", fail);
    checkInteger(annotation.chan, 0, 255, "chan", fail);
    checkInteger(annotation.num, -128, 127, "num", fail);
    // NOTE: aux text is stored with a terminating NUL, as in the MIT-BIH files and WFDB's own tools.
    const aux = annotation.aux === "" ? new Uint8Array(0) : auxEncoder.encode(`${annotation.aux}\0`);
    if (aux.length > 255) fail(`aux text is ${aux.length - 1} bytes; at most 254 fit`);
    let delta = annotation.sample - previousSample;
    if (delta < 0)
      fail(`sample ${annotation.sample} comes before the previous annotation's ${previousSample}`);
    if (delta > 0x7fffffff) fail(`gap of ${delta} samples does not fit the 32-bit SKIP field`);
    if (code === 0) {
      // A code-0 word with a zero datum would read as the end of the file: step to one sample before.
      words.push(SKIP << 10, ((delta - 1) >> 16) & 0xffff, (delta - 1) & 0xffff);
      delta = 1;
    } else if (delta > 0x3ff) {
      words.push(SKIP << 10, (delta >>> 16) & 0xffff, delta & 0xffff);
      delta = 0;
    }
    words.push((code! << 10) | delta);
    if (annotation.subtype !== 0) words.push((SUB << 10) | (annotation.subtype & 0x3ff));
    if (annotation.chan !== chan) words.push((CHN << 10) | annotation.chan);
    if (annotation.num !== num) words.push((NUM << 10) | (annotation.num & 0x3ff));
    if (aux.length > 0) {
      auxChunks.set(words.length, aux);
      words.push((AUX << 10) | aux.length);
    }
    previousSample = annotation.sample;
    chan = annotation.chan;
    num = annotation.num;
  });
  words.push(0);
  let size = words.length * 2;
  for (const aux of auxChunks.values()) size += aux.length + (aux.length & 1);
  const bytes = new Uint8Array(size);
  let at = 0;
  words.forEach((word, index) => {
    bytes[at++] = word & 0xff;
    bytes[at++] = word >> 8;
    const aux = auxChunks.get(index);
    if (aux) {
      bytes.set(aux, at);
      at += aux.length + (aux.length & 1);
    }
  });
  return bytes;
}

function checkInteger(
  value: number,
  min: number,
  max: number,
  what: string,
  fail: (r: string) => never,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(`${what} must be an integer in ${min}..${max} but is ${value}`);
  }
}
