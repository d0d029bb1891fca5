/**
 * `efficientecg train --out <folder>`: trains EfficientECG on MIT-BIH beats, inter-patient (de Chazal's DS1 to
 * train, DS2 to test, or the records given), evaluates on the test records after every epoch, and writes the checkpoint, the history, a report and
 * two pictures (confusion matrix, training curves). Progress goes to stderr as a bar with rate and ETA.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { MITDB_DS1, MITDB_DS2 } from "../datasets/index.js";
import { ConfigError, expected } from "../errors.js";
import {
  argmaxRows,
  classificationReport,
  confusionMatrix,
  confusionMatrixSvg,
  formatReport,
  lineChartSvg,
} from "../eval/index.js";
import { P_WAVE_FEATURES, R_PEAK_FEATURES } from "../features/index.js";
import { refuseExisting, writeFileAtomic } from "../io/atomicWrite.js";
import { EfficientECG, type EfficientEcgOptions } from "../models/index.js";
import { countParameters } from "../nn/index.js";
import { Generator, setNumThreads } from "../tensor/index.js";
import {
  type ClassWeighting,
  MITDB_BEAT_CLASSES,
  mitdbBeatSet,
  predict,
  saveCheckpoint,
  trainModel,
} from "../train/index.js";
import { parseNumber } from "./flags.js";

/** Options of the train command, as commander parses them. */
export interface TrainCommandOptions {
  out: string;
  epochs: string;
  width: string;
  depth: string;
  batch: string;
  lr: string;
  weighting: string;
  seed: string;
  threads?: string;
  rpeak: boolean;
  pwave: boolean;
  fusion: boolean;
  force?: boolean;
  trainRecords?: string;
  amplitude: string;
  testRecords?: string;
}

const OUTPUTS = ["model.safetensors", "history.json", "report.md", "confusion.svg", "curves.svg"];
const WEIGHTINGS: readonly ClassWeighting[] = ["sqrt", "balanced", "none"];

/** One branch's LSTM autoencoder: 16-beat sequences of `features` columns, 32 hidden units, a 16-wide code. */
const autoencoder = (features: number) => ({ steps: 16, features, hidden: 32, latent: 16 });

/** Returns the model options the flags describe. */
export function modelOptions(options: TrainCommandOptions): Omit<EfficientEcgOptions, "generator"> {
  const scale = (flag: string, text: string) =>
    parseNumber(text, flag, "a number in (0, 4]", (v) => v > 0 && v <= 4);
  return {
    leads: 1,
    classes: MITDB_BEAT_CLASSES.length,
    width: scale("--width", options.width),
    depth: scale("--depth", options.depth),
    rPeak: options.rpeak ? autoencoder(R_PEAK_FEATURES.length) : null,
    pWave: options.pwave ? autoencoder(P_WAVE_FEATURES.length) : null,
    fusion: options.fusion ? { dModel: 32, heads: 4 } : null,
  };
}

/** Trains, evaluates and writes the outputs; returns the last epoch's test report as markdown. */
export function trainCommand(options: TrainCommandOptions): string {
  const integer = (flag: string, text: string, min: number) =>
    parseNumber(text, flag, `an integer >= ${min}`, (v) => Number.isInteger(v) && v >= min);
  const epochs = integer("--epochs", options.epochs, 1);
  const batchSize = integer("--batch", options.batch, 1);
  const seed = integer("--seed", options.seed, 0);
  const lr = parseNumber(options.lr, "--lr", "a learning rate > 0", (v) => v > 0);
  const weighting = options.weighting as ClassWeighting;
  if (!WEIGHTINGS.includes(weighting)) {
    throw new ConfigError(
      expected(WEIGHTINGS.map((w) => `"${w}"`).join(", "), "--weighting", options.weighting),
    );
  }
  const amplitude = options.amplitude as "mV" | "record";
  if (amplitude !== "mV" && amplitude !== "record") {
    throw new ConfigError(expected('"mV" or "record"', "--amplitude", options.amplitude));
  }
  if (options.threads !== undefined) setNumThreads(integer("--threads", options.threads, 1));
  const architecture = modelOptions(options);
  const paths = OUTPUTS.map((file) => join(options.out, file));
  if (!options.force) refuseExisting(paths, "pass --force");
  mkdirSync(options.out, { recursive: true });

  const bar = new SingleBar({
    format: "{task} [{bar}] {percentage}% | {value}/{total} | {rate} | ETA {eta_formatted} | {detail}",
    hideCursor: true,
  });
  const readSet = (name: string, records: readonly string[]) => {
    bar.start(records.length, 0, { task: `reading ${name}`, rate: "", detail: "" });
    const set = mitdbBeatSet(records, {
      amplitude,
      onRecord: (done, _, record) => bar.update(done, { detail: record }),
    });
    bar.stop();
    return set;
  };
  const train = readSet("training records", recordList(options.trainRecords, MITDB_DS1));
  const test = readSet("test records", recordList(options.testRecords, MITDB_DS2));
  const model = new EfficientECG({ ...architecture, generator: new Generator(seed) });
  process.stdout.write(
    `EfficientECG, ${countParameters(model).toLocaleString("en")} parameters; train ${train.size} beats (${train.records.length} records), test ${test.size} (${test.records.length} records)\n`,
  );

  const history: Array<Record<string, number>> = [];
  let report = "";
  let matrix = confusionMatrix([], [], MITDB_BEAT_CLASSES);
  let epochStart = performance.now();
  trainModel(model, train, {
    epochs,
    batchSize,
    lr,
    seed,
    classWeighting: weighting,
    onStep: ({ epoch, step, stepsPerEpoch, loss }) => {
      if (step === 1) {
        epochStart = performance.now();
        bar.start(stepsPerEpoch, 0, { task: `epoch ${epoch}/${epochs}`, rate: "", detail: "" });
      }
      const seconds = (performance.now() - epochStart) / 1000;
      bar.update(step, {
        // timed from the end of the epoch's first step, so over step - 1 steps
        rate: step > 1 ? `${Math.round(((step - 1) * batchSize) / seconds)} beats/s` : "",
        detail: `loss ${loss.toFixed(3)}`,
      });
      if (step === stepsPerEpoch) bar.stop();
    },
    onEpoch: (summary) => {
      matrix = confusionMatrix(
        test.labels,
        argmaxRows(predict(model, test), test.classes.length),
        test.classes,
      );
      const metrics = classificationReport(matrix);
      report = formatReport(metrics, matrix);
      const perClass = Object.fromEntries(
        metrics.perClass.flatMap((c) => [
          [`se_${c.name}`, c.recall],
          [`ppv_${c.name}`, c.precision],
        ]),
      );
      history.push({ ...summary, testAccuracy: metrics.accuracy, testMacroF1: metrics.macroF1, ...perClass });
      process.stdout.write(
        `epoch ${summary.epoch}: loss ${summary.loss.toFixed(4)}, ${Math.round(summary.samplesPerSecond)} beats/s; test accuracy ${(100 * metrics.accuracy).toFixed(2)} %, macro F1 ${metrics.macroF1.toFixed(3)}\n`,
      );
    },
  });

  const info = { options: architecture, classes: MITDB_BEAT_CLASSES, fs: 360, preprocessing: { amplitude } };
  const training = { epochs, batchSize, lr, weighting, seed, train: train.records, test: test.records };
  saveCheckpoint(model, info, paths[0]);
  const series = (name: string, key: string) => ({
    name,
    points: history.map((h) => ({ x: h.epoch, y: h[key] })),
  });
  const contents = [
    `${JSON.stringify({ info, training, epochs: history }, null, 2)}\n`,
    `# EfficientECG on MIT-BIH ${test.records.join(", ")}\n\ntrained on ${train.records.join(", ")}\n\n${report}\n`,
    confusionMatrixSvg(matrix, { title: "MIT-BIH test records, AAMI classes" }),
    lineChartSvg(
      [
        series("training loss", "loss"),
        series("test macro F1", "testMacroF1"),
        series("test accuracy", "testAccuracy"),
      ],
      { title: "Training", xLabel: "epoch", yMin: 0 },
    ),
  ];
  contents.forEach((text, i) => {
    writeFileAtomic(paths[i + 1], text, Boolean(options.force));
  });
  process.stdout.write(`${report}\nwrote ${paths.join(", ")}\n`);
  return report;
}

/** Returns the records a comma-separated flag lists (MIT-BIH names are checked when read), or the default. */
function recordList(text: string | undefined, fallback: readonly string[]): readonly string[] {
  if (text === undefined) return fallback;
  const names = text.split(",").map((name) => name.trim());
  if (names.some((name) => name === ""))
    throw new ConfigError(expected("comma-separated record names", "records", text));
  return names;
}

/** Adds the `train` command to the program. */
export function register(program: Command): void {
  program
    .command("train")
    .description("train EfficientECG on MIT-BIH beats (DS1), test on DS2 after every epoch")
    .requiredOption(
      "--out <folder>",
      "folder for model.safetensors, history.json, report.md, confusion.svg, curves.svg",
    )
    .option("--epochs <n>", "passes over the training records", "2")
    .option("--width <w>", "compound scaling: channel multiplier of EfficientNet-B0", "0.25")
    .option("--depth <d>", "compound scaling: repeat multiplier", "0.25")
    .option("--batch <n>", "beats per step", "64")
    .option("--lr <rate>", "peak learning rate (AdamW, cosine schedule with warm-up)", "0.003")
    .option("--weighting <w>", "class weights in the loss: sqrt, balanced or none", "sqrt")
    .option("--seed <n>", "seed of the weights and the shuffling", "0")
    .option(
      "--amplitude <scale>",
      "beat windows divided by the record's median R amplitude ('record'), or as recorded ('mV')",
      "record",
    )
    .option("--threads <n>", "native kernel threads (default: all cores)")
    .option("--no-rpeak", "leave out the R-peak feature autoencoder")
    .option("--no-pwave", "leave out the P-wave feature autoencoder")
    .option("--no-fusion", "leave out the age/sex cross-attention fusion")
    .option("--train-records <names>", "comma-separated MIT-BIH records to train on (default: DS1)")
    .option("--test-records <names>", "comma-separated MIT-BIH records to test on (default: DS2)")
    .option("--force", "replace existing outputs")
    .action((options: TrainCommandOptions) => {
      trainCommand(options);
    });
}
