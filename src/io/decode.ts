/**
 * Signal bytes -> digital sample stream, one tight loop per format (the bit layouts of WFDB's signal.c
 * r16/r61/r80/r160/r212/r310/r311 readers). The stream is the file's samples in storage order, frames and
 * signals interleaved; `./digital.ts` splits it into signals.
 */
import { type FormatInfo, INVALID_DIGITAL } from "./formats.js";

/**
 * Returns `count` raw samples decoded from `bytes` starting at byte `start` (a group boundary), as an
 * Int32Array in storage order. The format's invalid sentinel becomes INVALID_DIGITAL. Format 8 yields the
 * stored first differences (the caller integrates them per signal). The caller guarantees the bytes exist.
 */
export function decodeStream(bytes: Uint8Array, start: number, info: FormatInfo, count: number): Int32Array {
  const out = new Int32Array(count);
  decodeRawInto(bytes, start, info, count, out);
  if (info.invalid !== undefined && info.invalid !== INVALID_DIGITAL) {
    const sentinel = info.invalid;
    for (let i = 0; i < count; i++) if (out[i] === sentinel) out[i] = INVALID_DIGITAL;
  }
  return out;
}

/**
 * Writes `count` raw samples decoded from `bytes` at byte `start` (a group boundary) into `out` from index 0,
 * leaving the format's invalid sentinel as it is. The caller guarantees the bytes exist and `out` fits.
 */
export function decodeRawInto(
  bytes: Uint8Array,
  start: number,
  info: FormatInfo,
  count: number,
  out: Int32Array,
): void {
  DECODERS[info.code](bytes, start, count, out);
}

type Decoder = (bytes: Uint8Array, start: number, count: number, out: Int32Array) => void;

const DECODERS: Record<number, Decoder> = {
  8: (b, p, n, out) => {
    for (let i = 0; i < n; i++) out[i] = (b[p + i] << 24) >> 24;
  },
  16: (b, p, n, out) => {
    for (let i = 0, q = p; i < n; i++, q += 2) out[i] = ((b[q] | (b[q + 1] << 8)) << 16) >> 16;
  },
  24: (b, p, n, out) => {
    for (let i = 0, q = p; i < n; i++, q += 3)
      out[i] = ((b[q] | (b[q + 1] << 8) | (b[q + 2] << 16)) << 8) >> 8;
  },
  32: (b, p, n, out) => {
    for (let i = 0, q = p; i < n; i++, q += 4)
      out[i] = b[q] | (b[q + 1] << 8) | (b[q + 2] << 16) | (b[q + 3] << 24);
  },
  61: (b, p, n, out) => {
    for (let i = 0, q = p; i < n; i++, q += 2) out[i] = ((b[q + 1] | (b[q] << 8)) << 16) >> 16;
  },
  80: (b, p, n, out) => {
    for (let i = 0; i < n; i++) out[i] = b[p + i] - 128;
  },
  160: (b, p, n, out) => {
    for (let i = 0, q = p; i < n; i++, q += 2) out[i] = (b[q] | (b[q + 1] << 8)) - 32768;
  },
  212: (b, p, n, out) => {
    // Sample 0: byte 0 + low nibble of byte 1; sample 1: byte 2 + high nibble of byte 1.
    const pairs = n >> 1;
    let q = p;
    for (let i = 0; i < pairs; i++, q += 3) {
      const middle = b[q + 1];
      out[2 * i] = ((b[q] | ((middle & 0x0f) << 8)) << 20) >> 20;
      out[2 * i + 1] = ((b[q + 2] | ((middle & 0xf0) << 4)) << 20) >> 20;
    }
    if (n & 1) out[n - 1] = ((b[q] | ((b[q + 1] & 0x0f) << 8)) << 20) >> 20;
  },
  310: (b, p, n, out) => {
    // Two little-endian 16-bit words x, y: bits 1-10 of x and y hold samples 0 and 1; sample 2 is the
    // top 5 bits of x (low half) and of y (high half).
    let i = 0;
    let q = p;
    for (; i + 3 <= n; i += 3, q += 4) {
      const x = b[q] | (b[q + 1] << 8);
      const y = b[q + 2] | (b[q + 3] << 8);
      out[i] = ((x >> 1) << 22) >> 22;
      out[i + 1] = ((y >> 1) << 22) >> 22;
      out[i + 2] = ((((x & 0xf800) >> 11) | ((y & 0xf800) >> 6)) << 22) >> 22;
    }
    if (i < n) out[i] = (((b[q] | (b[q + 1] << 8)) >> 1) << 22) >> 22;
    if (i + 1 < n) out[i + 1] = (((b[q + 2] | (b[q + 3] << 8)) >> 1) << 22) >> 22;
  },
  311: (b, p, n, out) => {
    // One little-endian 32-bit word: bits 0-9, 10-19 and 20-29 hold samples 0, 1 and 2.
    let i = 0;
    let q = p;
    for (; i + 3 <= n; i += 3, q += 4) {
      const word = b[q] | (b[q + 1] << 8) | (b[q + 2] << 16) | (b[q + 3] << 24);
      out[i] = (word << 22) >> 22;
      out[i + 1] = (word << 12) >> 22;
      out[i + 2] = (word << 2) >> 22;
    }
    if (i < n) out[i] = ((b[q] | (b[q + 1] << 8)) << 22) >> 22;
    if (i + 1 < n) out[i + 1] = ((b[q + 1] | (b[q + 2] << 8)) << 20) >> 22;
  },
};
