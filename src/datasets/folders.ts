/** Finding a database's files in a folder laid out as PhysioNet publishes it (or one level flatter). */
import { readdirSync } from "node:fs";
import { DataError } from "./paths.js";

/**
 * Returns the first of `candidates` (folders) holding a file whose name matches `pattern`, or throws a
 * DataError naming the folder the user gave and what was looked for.
 */
export function findFolder(given: string, candidates: string[], pattern: RegExp, database: string): string {
  for (const candidate of candidates) {
    let files: string[];
    try {
      files = readdirSync(candidate);
    } catch {
      continue;
    }
    if (files.some((file) => pattern.test(file))) return candidate;
  }
  throw new DataError(
    `${given} does not look like the ${database} database: no file matching ${pattern} in ${candidates.join(" or ")}`,
  );
}
