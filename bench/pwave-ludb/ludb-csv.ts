/**
 * LUDB's `ludb.csv` (one row per record: ID, Sex, Age, Rhythms, ..., Cardiac pacing, ...): RFC 4180 CSV whose
 * quoted fields hold line breaks.
 */

/** One LUDB record's clinical description. */
export interface LudbInfo {
  id: number;
  /** The first rhythm line, e.g. "Sinus rhythm", "Atrial fibrillation". */
  rhythm: string;
  /** Every rhythm line, e.g. ["Sinus rhythm", "Wandering atrial pacemaker"]. */
  rhythms: string[];
  /** True when the record notes a pacemaker. */
  paced: boolean;
}

/** Returns the rows of a CSV text as arrays of fields (quotes removed, "" unescaped). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Returns the records described by the text of ludb.csv, keyed by record number. */
export function parseLudbCsv(text: string): Map<number, LudbInfo> {
  const [head, ...rows] = parseCsv(text);
  const column = (name: string): number => {
    const index = head.indexOf(name);
    if (index < 0) throw new Error(`ludb.csv has no "${name}" column`);
    return index;
  };
  const id = column("ID");
  const rhythms = column("Rhythms");
  const pacing = column("Cardiac pacing");
  const info = new Map<number, LudbInfo>();
  for (const row of rows) {
    if (row.length <= pacing) continue;
    const lines = row[rhythms]
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
    const n = Number(row[id]);
    info.set(n, { id: n, rhythm: lines[0] ?? "", rhythms: lines, paced: row[pacing].trim() !== "" });
  }
  return info;
}
