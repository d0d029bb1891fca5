/**
 * The layering of docs/architecture.md, enforced: each folder of src/ may import only from the layers listed
 * for it (and from itself). A new import across layers needs a deliberate change here and in the docs.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "..", "src");

/** Allowed imports per layer ("errors" is src/errors.ts, shared by all). */
const allowed: Record<string, string[]> = {
  io: ["errors"],
  dsp: ["errors"],
  datasets: ["errors", "io"],
  detect: ["errors", "dsp"],
  simulate: ["errors", "detect"],
  features: ["errors", "io", "dsp", "detect"],
  tensor: ["errors"],
  nn: ["errors", "tensor"],
  optim: ["errors", "tensor", "nn"],
  models: ["errors", "tensor", "nn"],
  eval: ["errors", "io", "dsp", "detect"],
  train: ["errors", "io", "dsp", "datasets", "detect", "features", "tensor", "nn", "optim", "models", "eval"],
  cli: [
    "errors",
    "io",
    "dsp",
    "datasets",
    "detect",
    "simulate",
    "features",
    "tensor",
    "nn",
    "optim",
    "models",
    "eval",
    "train",
  ],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("architecture", () => {
  it("every src/ folder is a known layer", () => {
    const layers = readdirSync(src).filter(
      (name) => statSync(join(src, name)).isDirectory() && files(join(src, name)).length > 0,
    );
    expect(layers.filter((layer) => !(layer in allowed))).toEqual([]);
  });

  it("no layer imports from a layer above it", () => {
    const violations: string[] = [];
    for (const file of files(src)) {
      const layer = relative(src, file).split(sep)[0];
      if (!(layer in allowed)) continue;
      for (const [, target] of readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
        const imported = relative(src, join(file, "..", target))
          .split(sep)[0]
          .replace(/\.js$/, "");
        if (imported !== layer && !allowed[layer].includes(imported)) {
          violations.push(`${relative(src, file)} imports ${target}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("the signal pipeline, engine and models use no Node module (they must also run in a browser)", () => {
    // Node-only by design: file I/O (io, datasets, nn's weights files), training and the CLI, and the native
    // kernels' loader, which the backend imports dynamically and falls back from.
    const browserLayers = ["dsp", "detect", "features", "simulate", "tensor", "models", "optim", "eval"];
    const nodeOnly = new Set(["tensor/kernels/native.ts"]);
    const offenders = files(src)
      .map((file) => relative(src, file).split(sep).join("/"))
      .filter((file) => browserLayers.includes(file.split("/")[0]) && !nodeOnly.has(file))
      .filter((file) => /from "node:|\bprocess\.|require\(/.test(readFileSync(join(src, file), "utf8")));
    expect(offenders).toEqual([]);
  });
});
