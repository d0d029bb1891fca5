/**
 * Test helpers for real PhysioNet data: suites that need a database run when it is present and are
 * skipped with a clear message when it is not (e.g. on a machine without ../shared/data).
 */
import { describe } from "vitest";
import { databaseDir, samplePath, sharedDataDir } from "../../src/datasets/paths.js";

/** True when the shared data directory exists on this machine. */
export const hasSharedData = sharedDataDir() !== undefined;

/** Like `describe`, but skipped (with a note on stderr) when the shared data directory is absent. */
export function describeWithData(name: string, fn: () => void): void {
  if (!hasSharedData) {
    process.stderr.write(
      `SKIPPED "${name}": no shared data (set EFFICIENTECG_DATA or provide ../shared/data)\n`,
    );
    describe.skip(`${name} [skipped: no shared data]`, fn);
    return;
  }
  describe(name, fn);
}

/** Returns an unpacked database directory; only call inside describeWithData. */
export function dbDir(name: "mitdb" | "ludb" | "cinc2017"): string {
  return databaseDir(name);
}

/** Returns a path under samples/; throws if missing (only call inside describeWithData). */
export function sample(...parts: string[]): string {
  const path = samplePath(...parts);
  if (!path) throw new Error(`sample ${parts.join("/")} missing from the shared data`);
  return path;
}
