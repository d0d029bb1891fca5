/**
 * MIT-format annotation files (`.atr`, `.qrs`, LUDB's `.i`, `.ii`, ...) -> Annotation[]. The format
 * (WFDB annot.c, getann): a stream of little-endian 16-bit words, each a 6-bit code and a 10-bit datum.
 * Codes 1-49 start an annotation whose datum is the time since the previous one; the pseudo-codes after it
 * modify it: SUB (subtype), CHN (channel), NUM (number), AUX (a byte string) and SKIP (a 32-bit time step
 * for the next annotation). `chan` and `num` carry over from one annotation to the next; a 0 word ends the file.
 */
import { annotationSymbol } from "./annotationCodes.js";
import { RecordError } from "./errors.js";

/** One annotation: its sample index and label, with WFDB's subtype, channel, number and auxiliary text. */
export interface Annotation {
  /** Sample index (at the record's frame frequency) the annotation is attached to. */
  sample: number;
  /** Mnemonic, e.g. "N", "V", "+", "(" (see ANNOTATION_LABELS); "[n]" for an unassigned code n. */
  symbol: string;
  /** Annotation subtype (signed 8-bit, as WFDB stores it). */
  subtype: number;
  /** Signal the annotation refers to (unsigned 8-bit). */
  chan: number;
  /** Annotator-defined number (signed 8-bit). */
  num: number;
  /** Auxiliary text, e.g. "(AFIB" on rhythm changes; "" when absent. */
  aux: string;
}

/** Pseudo-codes of the MIT annotation format (WFDB annot.c). */
export const SKIP = 59;
export const NUM = 60;
export const SUB = 61;
export const CHN = 62;
export const AUX = 63;

const auxDecoder = new TextDecoder();

/**
 * Returns the annotations stored in the bytes of an MIT-format annotation file, in file order. `file` names
 * the source in errors. Throws RecordError for truncated or malformed files.
 */
export function parseAnnotations(bytes: Uint8Array, file = "<annotations>"): Annotation[] {
  const fail = (reason: string): never => {
    throw new RecordError(file, reason);
  };
  const annotations: Annotation[] = [];
  let at = 0;
  const word = (): number => {
    if (at + 2 > bytes.length) fail(`truncated at byte ${at}: a 16-bit word is cut off`);
    const value = bytes[at] | (bytes[at + 1] << 8);
    at += 2;
    return value;
  };
  const long = (): number => {
    // PDP-11 order: high 16-bit word first (wfdb_g32).
    const high = word();
    const low = word();
    return (high << 16) | low | 0;
  };
  if (bytes.length < 2) fail(bytes.length === 0 ? "empty annotation file" : "annotation file of 1 byte");
  let time = 0;
  let chan = 0;
  let num = 0;
  let current = word();
  while (current >> 10 === SKIP) {
    time += long();
    current = at < bytes.length ? word() : 0;
  }
  while (current !== 0) {
    time += current & 0x3ff;
    if (time < 0) fail(`annotation ${annotations.length} falls at negative sample ${time}`);
    const annotation: Annotation = {
      sample: time,
      symbol: annotationSymbol(current >> 10),
      subtype: 0,
      chan,
      num,
      aux: "",
    };
    current = 0;
    while (at < bytes.length) {
      current = word();
      const code = current >> 10;
      const datum = current & 0x3ff;
      if (code < SKIP) break;
      if (code === SKIP) time += long();
      else if (code === SUB) annotation.subtype = (datum << 24) >> 24;
      else if (code === CHN) annotation.chan = chan = datum & 0xff;
      else if (code === NUM) annotation.num = num = (datum << 24) >> 24;
      else {
        const length = datum & 0xff;
        if (at + length > bytes.length) fail(`truncated in the ${length}-byte aux text at byte ${at}`);
        annotation.aux = decodeAux(bytes.subarray(at, at + length));
        at += length + (length & 1);
      }
      current = 0;
    }
    annotations.push(annotation);
  }
  return annotations;
}

/** Returns aux bytes as text, cut at the first NUL as WFDB's C strings are. */
function decodeAux(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return auxDecoder.decode(nul === -1 ? bytes : bytes.subarray(0, nul));
}
