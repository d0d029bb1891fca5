/**
 * The command line as a user meets it: each bad input below must end the process with exit code 1 and one
 * line on stderr naming the file (or flag) and the problem, with no stack trace and nothing overwritten.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/datasets/paths.js";
import { writeRecord } from "../../src/io/write.js";
import { ecgSimulate } from "../../src/simulate/index.js";

const dir = mkdtempSync(join(tmpdir(), "efficientecg-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `efficientecg ...args` in a child process; returns its exit status, stdout and stderr. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", join("src", "cli", "index.ts"), ...args], {
    cwd: projectRoot,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  const { signal } = ecgSimulate({ durationS: 20, fs: 360, heartRate: 70, seed: 2 });
  writeRecord(join(dir, "good"), { fs: 360, signals: [signal] });
  writeRecord(join(dir, "trunc"), { fs: 360, signals: [signal] });
  writeFileSync(join(dir, "trunc.dat"), readFileSync(join(dir, "trunc.dat")).subarray(0, 1000));
  writeFileSync(join(dir, "garbage.hea"), "garbage here !!\n");
  writeFileSync(join(dir, "empty.hea"), "");
  writeRecord(join(dir, "nan"), { fs: 360, signals: [new Float32Array(3600).fill(Number.NaN)] });
  writeRecord(join(dir, "slow"), { fs: 50, signals: [signal] });
  mkdirSync(join(dir, "folder"));
});

describe("efficientecg on bad input", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["a missing record", ["info", "<dir>/missing"], /^efficientecg: <dir>\/missing\.hea: file not found$/],
    ["a folder", ["detect", "<dir>/folder"], /^efficientecg: <dir>\/folder: is a folder, not a record/],
    [
      "a truncated .dat",
      ["info", "<dir>/trunc"],
      /^efficientecg: <dir>\/trunc\.hea: signal file trunc\.dat has 1000 bytes/,
    ],
    [
      "a garbage header",
      ["detect", "<dir>/garbage"],
      /^efficientecg: <dir>\/garbage\.hea: number of signals "here"/,
    ],
    [
      "an empty header",
      ["plot", "<dir>/empty", "--from", "0", "--to", "1"],
      /^efficientecg: <dir>\/empty\.hea: header has no record line/,
    ],
    [
      "an all-NaN lead",
      ["detect", "<dir>/nan", "--out-dir", "<dir>"],
      /^efficientecg: <dir>\/nan\.hea: lead 0 \(signal 0\): x has no valid sample/,
    ],
    [
      "fs out of range",
      ["detect", "<dir>/slow", "--out-dir", "<dir>"],
      /^efficientecg: <dir>\/slow\.hea: lead 0 \(signal 0\): Expected a sampling frequency in Hz between 100 and 2000 for fs but received 50$/,
    ],
    [
      "--from after --to",
      ["plot", "<dir>/good", "--from", "5", "--to", "2"],
      /^efficientecg: --to \(2 s\) must be after --from \(5 s\)$/,
    ],
    [
      "a lead that does not exist",
      ["detect", "<dir>/good", "--lead", "3"],
      /^efficientecg: --lead 3 does not exist: good has leads 0 to 0$/,
    ],
    [
      "an output folder that is a file",
      ["detect", "<dir>/good", "--out-dir", "<dir>/good.hea"],
      /^efficientecg: <dir>\/good\.hea\/good\.qrs: cannot write: <dir>\/good\.hea is not a folder$/,
    ],
    [
      "an existing output",
      ["simulate", "<dir>/good"],
      /^efficientecg: <dir>\/good\.hea: file already exists; pass --force to replace it$/,
    ],
  ];
  it.each(cases)(
    "%s: exit code 1, one line naming the file and problem, no stack trace",
    (_, args, message) => {
      const header = readFileSync(join(dir, "good.hea"), "utf8");
      const { status, stdout, stderr } = cli(...args.map((arg) => arg.replace("<dir>", dir)));
      expect(status).toBe(1);
      expect(stdout).toBe("");
      expect(stderr.split("\n").filter((line) => line !== "")).toHaveLength(1);
      expect(stderr.trim().replaceAll(dir, "<dir>")).toMatch(message);
      expect(readFileSync(join(dir, "good.hea"), "utf8")).toBe(header);
    },
    30_000, // a child process each: allow for a loaded machine
  );
});
