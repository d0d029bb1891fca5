#!/usr/bin/env node
// Builds the native kernel addon (native/ + binding.gyp) with node-gyp, as `npm install` runs it.
// A machine without a compiler still installs: the engine then falls back to its TypeScript kernels
// and `efficientecg doctor` says why. Set EFFICIENTECG_SKIP_NATIVE=1 to skip the build on purpose.
// NOTE: run through npm (`npm run build:native`), which puts its own node-gyp on PATH and points it at
// Node's installed headers; a bare global node-gyp may try to download headers instead.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (process.env.EFFICIENTECG_SKIP_NATIVE === "1") {
  console.log("efficientecg: EFFICIENTECG_SKIP_NATIVE=1, not building the native kernels");
  process.exit(0);
}
if (!existsSync("binding.gyp")) process.exit(0);

const result = spawnSync("node-gyp", ["rebuild"], { stdio: "inherit", shell: process.platform === "win32" });
if (result.status !== 0) {
  console.warn(
    "efficientecg: the native kernel addon did not build (node-gyp needs python3, make and a C compiler).\n" +
      "efficientecg: everything still works on the slower TypeScript kernels; run `efficientecg doctor` for details.",
  );
}
