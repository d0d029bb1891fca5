/**
 * The MIT annotation code table (WFDB's ecgcodes.h and annot.c), kept as data: code -> mnemonic symbol and
 * description. Codes 1-49 are annotation types; 59-63 are pseudo-codes of the file format (SKIP, NUM, SUB,
 * CHN, AUX). Unassigned codes print as "[n]", as WFDB's annstr does.
 */

/** Mnemonic and description of one annotation code. */
export interface AnnotationLabel {
  code: number;
  symbol: string;
  description: string;
}

/** Highest annotation type code (WFDB's ACMAX). */
const MAX_ANNOTATION_CODE = 49;

const labels: Array<[number, string, string]> = [
  [0, " ", "Not-QRS (no annotation)"],
  [1, "N", "Normal beat"],
  [2, "L", "Left bundle branch block beat"],
  [3, "R", "Right bundle branch block beat"],
  [4, "a", "Aberrated atrial premature beat"],
  [5, "V", "Premature ventricular contraction"],
  [6, "F", "Fusion of ventricular and normal beat"],
  [7, "J", "Nodal (junctional) premature beat"],
  [8, "A", "Atrial premature beat"],
  [9, "S", "Supraventricular premature or ectopic beat"],
  [10, "E", "Ventricular escape beat"],
  [11, "j", "Nodal (junctional) escape beat"],
  [12, "/", "Paced beat"],
  [13, "Q", "Unclassifiable beat"],
  [14, "~", "Change in signal quality"],
  [16, "|", "Isolated QRS-like artifact"],
  [18, "s", "ST segment change"],
  [19, "T", "T-wave change"],
  [20, "*", "Systole"],
  [21, "D", "Diastole"],
  [22, '"', "Comment annotation"],
  [23, "=", "Measurement annotation"],
  [24, "p", "P-wave peak"],
  [25, "B", "Bundle branch block beat (unspecified)"],
  [26, "^", "(Non-captured) pacemaker artifact"],
  [27, "t", "T-wave peak"],
  [28, "+", "Rhythm change"],
  [29, "u", "U-wave peak"],
  [30, "?", "Beat not classified during learning"],
  [31, "!", "Ventricular flutter wave"],
  [32, "[", "Start of ventricular flutter/fibrillation"],
  [33, "]", "End of ventricular flutter/fibrillation"],
  [34, "e", "Atrial escape beat"],
  [35, "n", "Supraventricular escape beat"],
  [36, "@", "Link to external data (aux contains URL)"],
  [37, "x", "Non-conducted P-wave (blocked APC)"],
  [38, "f", "Fusion of paced and normal beat"],
  [39, "(", "Waveform onset"],
  [40, ")", "Waveform end"],
  [41, "r", "R-on-T premature ventricular contraction"],
];

/** Every assigned annotation code with its symbol and description, in code order. */
export const ANNOTATION_LABELS: readonly AnnotationLabel[] = labels.map(([code, symbol, description]) => ({
  code,
  symbol,
  description,
}));

const symbolByCode = new Map(labels.map(([code, symbol]) => [code, symbol]));
const codeBySymbol = new Map(labels.filter(([code]) => code > 0).map(([code, symbol]) => [symbol, code]));

/** Returns the mnemonic symbol of an annotation code ("N" for 1), or "[n]" for an unassigned code. */
export function annotationSymbol(code: number): string {
  return symbolByCode.get(code) ?? `[${code}]`;
}

/** Returns the annotation code of a symbol ("N" -> 1, "[42]" -> 42), or undefined for an unknown symbol. */
export function annotationCode(symbol: string): number | undefined {
  const known = codeBySymbol.get(symbol);
  if (known !== undefined) return known;
  const bracketed = /^\[(\d+)\]$/.exec(symbol);
  const code = bracketed ? Number(bracketed[1]) : Number.NaN;
  return code >= 1 && code <= MAX_ANNOTATION_CODE ? code : undefined;
}
