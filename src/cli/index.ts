#!/usr/bin/env node
/**
 * The `efficientecg` command line. Each command lives in its own file under src/cli/ and exports
 * `register(program)`; this file only assembles them and turns known errors into one clean line.
 */
import { Command } from "commander";
import { EfficientEcgError } from "../errors.js";
import * as bxb from "./bxb.js";
import * as classify from "./classify.js";
import * as detect from "./detect.js";
import * as doctor from "./doctor.js";
import * as info from "./info.js";
import * as plot from "./plot.js";
import * as simulate from "./simulate.js";
import * as train from "./train.js";
import { version } from "./version.js";

const program = new Command("efficientecg")
  .description("ECG record I/O, filtering, beat detection and arrhythmia classification")
  .version(version)
  .showHelpAfterError();

const commands = [simulate, info, detect, bxb, plot, train, classify, doctor] as Array<{
  register(program: Command): void;
}>;
// Commands are registered here, one import per file (see src/cli/*.ts).
for (const command of commands) command.register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof EfficientEcgError) {
    process.stderr.write(`efficientecg: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
