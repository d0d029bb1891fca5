import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { register } from "../../src/cli/train.js";
import { loadCheckpoint } from "../../src/train/index.js";
import { runCommand } from "../helpers/cli.js";
import { describeWithData } from "../helpers/data.js";

const dir = mkdtempSync(join(tmpdir(), "efficientecg-train-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("train: bad flags are reported before any data is read", () => {
  const cases: Array<[string[], RegExp]> = [
    [["--epochs", "0"], /for --epochs but received "0"/],
    [["--width", "-1"], /for --width but received "-1"/],
    [["--weighting", "inverse"], /"sqrt", "balanced", "none" for --weighting/],
    [["--lr", "fast"], /for --lr but received "fast"/],
    [["--train-records", "101,,103"], /comma-separated record names/],
  ];
  for (const [flags, message] of cases) {
    it(`${flags.join(" ")}`, async () => {
      await expect(runCommand(register, "train", "--out", join(dir, "bad"), ...flags)).rejects.toThrow(
        message,
      );
    });
  }
});

describeWithData("train on MIT-BIH records (one epoch, record 101 -> 100)", () => {
  it("writes the checkpoint, history, report and both pictures, refuses to replace them without --force and replaces them with it", async () => {
    const out = join(dir, "run");
    const args = ["--out", out, "--train-records", "101", "--test-records", "100", "--epochs", "1"];
    const { out: printed } = await runCommand(register, "train", ...args);
    expect(printed).toMatch(/epoch 1: loss [\d.]+, \d+ beats\/s; test accuracy [\d.]+ %/);
    for (const file of ["model.safetensors", "history.json", "report.md", "confusion.svg", "curves.svg"])
      expect(existsSync(join(out, file)), file).toBe(true);
    const history = JSON.parse(readFileSync(join(out, "history.json"), "utf8"));
    expect(history.epochs).toHaveLength(1);
    expect(history.info.classes).toEqual(["N", "S", "V", "F"]);
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("| N | 2239 |"); // record 100's N beats
    expect(loadCheckpoint(join(out, "model.safetensors")).info.options.width).toBe(0.25);
    await expect(runCommand(register, "train", ...args)).rejects.toThrow(/already exists.*--force/);
    const again = await runCommand(register, "train", ...args, "--force", "--amplitude", "mV");
    expect(again.out).toContain("wrote ");
    expect(JSON.parse(readFileSync(join(out, "history.json"), "utf8")).info.preprocessing.amplitude).toBe(
      "mV",
    );
  }, 120_000);
});
