/**
 * io-speed: how fast record I/O reads the databases the front end uses. The headline is all 48 MIT-BIH
 * records (31.2 M frames, 2 leads, format 212) decoded to physical Float32Arrays, the budget being 0.6 s of
 * the front end's 3 s; a numpy decoder of the same files runs alongside as a peer (when python3 with numpy
 * is available). Also: the same records from bytes already in memory, digital decoding (the general path),
 * annotations, LUDB (format 16, 12 leads), CinC 2017 (.mat signal files) and CPSC 2018 (MAT v5, zlib).
 *
 * Run: npx tsx bench/io-speed/index.ts [--runs N]
 * Prints a table and writes bench/results/io-speed.json. Timings are the best of N runs (default 7) after
 * a warm-up, wall-clock and CPU (user + system of this process); the machine's cores are shared, so the
 * best run is the number to compare. Needs the shared data (../shared/data or EFFICIENTECG_DATA).
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { listCinc2017, listMitdb } from "../../src/datasets/index.js";
import { databaseDir, samplePath, sharedDataDir } from "../../src/datasets/paths.js";
import {
  parseMat,
  parseRecord,
  readAnnotations,
  readBytes,
  readHeader,
  readRecord,
  readRecordDigital,
} from "../../src/io/index.js";
import { flagValue, timeRuns, writeResults } from "../frontend-speed/harness.js";

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(flagValue("--runs") ?? 7);

interface Row {
  name: string;
  items: number;
  /** Values decoded per run: samples of all signals (annotations for the .atr row), for throughput. */
  samples: number;
  bestMs: number;
  medianMs: number;
  bestCpuMs: number;
  megaSamplesPerCpuS: number;
}

/** Times `runs` calls of `op` after one warm-up; `op` returns the number of samples it decoded. */
function measure(name: string, items: number, op: () => number): Row {
  const { bestMs, medianMs, bestCpuMs, output: samples } = timeRuns(op, runs);
  return { name, items, samples, bestMs, medianMs, bestCpuMs, megaSamplesPerCpuS: samples / bestCpuMs / 1e3 };
}

/** Best wall ms of the numpy peer decoding the same 212 files to float32 mV; undefined without numpy. */
function numpyPeer(dir: string, names: string[]): { bestMs: number; numpy: string } | undefined {
  const run = spawnSync("python3", [join(here, "numpy_peer.py"), dir, String(runs), ...names], {
    encoding: "utf8",
  });
  if (run.status !== 0) {
    process.stderr.write(
      `numpy peer skipped: ${run.error?.message ?? run.stderr.trim().split("\n").pop()}\n`,
    );
    return undefined;
  }
  return JSON.parse(run.stdout);
}

if (!sharedDataDir()) {
  process.stderr.write("io-speed needs the shared data (../shared/data or EFFICIENTECG_DATA)\n");
  process.exit(1);
}

const loadBefore = loadavg().map((l) => l.toFixed(1));
const mitdb = databaseDir("mitdb");
const names = listMitdb();
const totalSamples = (signals: ArrayLike<unknown>[]) => signals.reduce((n, s) => n + s.length, 0);

const mitdbBytes = names.map((name) => ({
  header: readHeader(join(mitdb, name)),
  dat: readBytes(join(mitdb, `${name}.dat`)),
}));
const ludb = join(databaseDir("ludb"), "data");
const ludbNames = readdirSync(ludb)
  .filter((file) => file.endsWith(".hea"))
  .map((file) => file.slice(0, -4));
const cinc = join(databaseDir("cinc2017"), "training2017");
const cincNames = listCinc2017()
  .slice(0, 1000)
  .map((entry) => entry.name);
const cpsc = samplePath("cpsc2018_mat_v5");
const cpscFiles = cpsc ? readdirSync(cpsc).filter((file) => file.endsWith(".mat")) : [];

const rows: Row[] = [
  measure("mitdb 48 records: readRecord (read + decode to mV)", names.length, () =>
    names.reduce((n, name) => n + totalSamples(readRecord(join(mitdb, name)).signals), 0),
  ),
  measure("mitdb 48 records: parseRecord from bytes in memory", names.length, () =>
    mitdbBytes.reduce((n, { header, dat }) => n + totalSamples(parseRecord(header, () => dat).signals), 0),
  ),
  measure("mitdb 48 records: readRecordDigital (Int32)", names.length, () =>
    names.reduce((n, name) => n + totalSamples(readRecordDigital(join(mitdb, name)).signals), 0),
  ),
  measure("mitdb 48 .atr files: readAnnotations", names.length, () =>
    names.reduce((n, name) => n + readAnnotations(join(mitdb, `${name}.atr`)).length, 0),
  ),
  measure("ludb 200 records: readRecord (format 16, 12 leads)", ludbNames.length, () =>
    ludbNames.reduce((n, name) => n + totalSamples(readRecord(join(ludb, name)).signals), 0),
  ),
  measure("cinc2017 1000 records: readRecord (.hea + .mat)", cincNames.length, () =>
    cincNames.reduce((n, name) => n + totalSamples(readRecord(join(cinc, name)).signals), 0),
  ),
];
if (cpsc) {
  rows.push(
    measure("cpsc2018 10 files: parseMat (MAT v5, zlib)", cpscFiles.length, () =>
      cpscFiles.reduce((n, file) => {
        const ecg = parseMat(readBytes(join(cpsc, file))).ECG;
        const data = ecg.kind === "struct" ? ecg.elements[0].data : undefined;
        return n + (data?.kind === "numeric" ? data.real.length : 0);
      }, 0),
    ),
  );
}
const peer = numpyPeer(mitdb, names);

const table = rows.map((row) => ({
  operation: row.name,
  "best ms": row.bestMs.toFixed(1),
  "median ms": row.medianMs.toFixed(1),
  "best CPU ms": row.bestCpuMs.toFixed(1),
  "M values/CPU s": row.megaSamplesPerCpuS.toFixed(1),
}));
if (peer) {
  table.push({
    operation: `numpy ${peer.numpy} peer: mitdb 48 records read + decode 212 to mV`,
    "best ms": peer.bestMs.toFixed(1),
    "median ms": "",
    "best CPU ms": "",
    "M values/CPU s": "",
  });
}
console.table(table);
const headline = rows[0];
console.log(
  `All 48 MIT-BIH records to physical Float32Arrays: best ${headline.bestMs.toFixed(0)} ms wall, ` +
    `${headline.bestCpuMs.toFixed(0)} ms CPU (budget 600 ms). Load average before: ${loadBefore.join(" ")}.`,
);

const result = {
  bench: "io-speed",
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadavg().map((l) => l.toFixed(1)),
  runs,
  budgetMs: 600,
  rows,
  numpyPeer: peer,
};
writeResults("io-speed", result);
