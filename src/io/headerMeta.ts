/**
 * Patient age and sex from WFDB header comments, in the three syntaxes PhysioNet databases use:
 * - MIT-BIH: `# 69 M 1085 1629 x1` (age, sex, ...; age -1 and sex "?" mean unknown);
 * - PTB and the CinC challenges: `# age: 81`, `# Sex: Female` (any case);
 * - LUDB and similar: `#<age>: 51`, `#<sex>: F`, possibly several `<key>: value` pairs on one line.
 */

/** Patient information found in header comments. */
export interface RecordMeta {
  age?: number;
  sex?: "M" | "F";
  comments: string[];
}

const MIT_LINE = /^(-?\d+)\s+([MF?])(?:\s|$)/i;
const AGE_FIELD = /(?:^|\s|<)age>?\s*:\s*(-?\d+(?:\.\d+)?)/i;
const SEX_FIELD = /(?:^|\s|<)(?:sex|gender)>?\s*:\s*(male|female|m|f)\b/i;

/** Returns age (years, undefined when unknown or negative) and sex parsed from header comment lines. */
export function metaFromComments(comments: string[]): RecordMeta {
  const meta: RecordMeta = { comments };
  for (const comment of comments) {
    const mit = MIT_LINE.exec(comment);
    if (mit && meta.age === undefined && meta.sex === undefined) {
      setAge(meta, Number(mit[1]));
      setSex(meta, mit[2]);
      continue;
    }
    const age = AGE_FIELD.exec(comment);
    if (age && meta.age === undefined) setAge(meta, Number(age[1]));
    const sex = SEX_FIELD.exec(comment);
    if (sex && meta.sex === undefined) setSex(meta, sex[1]);
  }
  return meta;
}

function setAge(meta: RecordMeta, age: number): void {
  if (Number.isFinite(age) && age >= 0) meta.age = age;
}

function setSex(meta: RecordMeta, text: string): void {
  const letter = text[0].toUpperCase();
  if (letter === "M" || letter === "F") meta.sex = letter;
}
