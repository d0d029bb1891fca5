/**
 * The AAMI EC57 beat classes and their mapping from MIT-BIH annotation symbols (ANSI/AAMI EC57, as used by
 * de Chazal et al. 2004): N = {N, L, R, e, j}, S = {A, a, J, S}, V = {V, E}, F = {F}, Q = {/, f, Q}.
 * Every other symbol (rhythm changes, noise, non-beat marks) is not a beat.
 */

/** AAMI EC57 heartbeat classes. */
export type AamiClass = "N" | "S" | "V" | "F" | "Q";

/** The AAMI classes in their conventional order. */
export const AAMI_CLASSES: readonly AamiClass[] = ["N", "S", "V", "F", "Q"];

/** MIT-BIH beat symbol -> AAMI class. */
export const AAMI_MAP: Readonly<Record<string, AamiClass>> = {
  N: "N",
  L: "N",
  R: "N",
  e: "N",
  j: "N",
  A: "S",
  a: "S",
  J: "S",
  S: "S",
  V: "V",
  E: "V",
  F: "F",
  "/": "Q",
  f: "Q",
  Q: "Q",
};

/** Returns the AAMI class of an annotation symbol, or undefined when the symbol is not a beat. */
export function aamiClass(symbol: string): AamiClass | undefined {
  return Object.hasOwn(AAMI_MAP, symbol) ? AAMI_MAP[symbol] : undefined;
}
