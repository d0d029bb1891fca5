/**
 * Where the PhysioNet databases live on this machine, and their one-time unpacking into a git-ignored cache.
 *
 * Lookup order for the directory that holds `mitdb.tar.xz`, `ludb.tar.xz`, `cinc2017.tar.xz` and `samples/`:
 * 1. the EFFICIENTECG_DATA environment variable;
 * 2. `../shared/data` next to the project checkout (this workplace's layout).
 * A user with a plain directory of records downloaded from PhysioNet passes that directory to the loaders
 * instead; nothing here is required for them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EfficientEcgError } from "../errors.js";

/** Raised when a database or archive is missing or cannot be unpacked. */
export class DataError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_DATA", message, options);
  }
}

/** Absolute path of the project root (the folder holding package.json). */
export const projectRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Returns the shared data directory, or undefined when this machine has none. */
export function sharedDataDir(): string | undefined {
  const candidates = [process.env.EFFICIENTECG_DATA, join(projectRoot, "..", "shared", "data")];
  for (const dir of candidates) if (dir && existsSync(dir)) return resolve(dir);
  return undefined;
}

/** Returns the cache directory for unpacked databases (`.cache/data` in the project, git-ignored). */
export function cacheDir(): string {
  return process.env.EFFICIENTECG_CACHE
    ? resolve(process.env.EFFICIENTECG_CACHE)
    : join(projectRoot, ".cache", "data");
}

/**
 * Returns the directory of an unpacked database ("mitdb", "ludb", "cinc2017"), unpacking
 * `<shared>/<name>.tar.xz` into the cache on first use (atomically: into a temporary folder, then renamed).
 */
export function databaseDir(name: "mitdb" | "ludb" | "cinc2017"): string {
  const target = join(cacheDir(), name);
  if (existsSync(join(target, ".complete"))) return join(target, name);
  const shared = sharedDataDir();
  const archive = shared && join(shared, `${name}.tar.xz`);
  if (!archive || !existsSync(archive)) {
    throw new DataError(
      `Database ${name} not found: expected ${name}.tar.xz in EFFICIENTECG_DATA or ../shared/data. ` +
        `Download it from PhysioNet and pass its directory instead.`,
    );
  }
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const tar = spawnSync("tar", ["-xJf", archive, "-C", tmp], { encoding: "utf8" });
  if (tar.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new DataError(`Could not unpack ${archive}: ${tar.stderr || tar.error?.message || "tar failed"}`);
  }
  mkdirSync(join(tmp, ".complete"));
  rmSync(target, { recursive: true, force: true });
  try {
    renameSync(tmp, target);
  } catch (error) {
    // Another process unpacked it at the same time: keep theirs.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(target, ".complete"))) throw error;
  }
  return join(target, name);
}

/** Returns the path of a file or folder under the shared `samples/` directory, or undefined if absent. */
export function samplePath(...parts: string[]): string | undefined {
  const shared = sharedDataDir();
  const path = shared && join(shared, "samples", ...parts);
  return path && existsSync(path) ? path : undefined;
}
