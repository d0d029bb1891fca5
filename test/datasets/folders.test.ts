import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFolder } from "../../src/datasets/folders.js";
import { DataError } from "../../src/datasets/paths.js";

const root = mkdtempSync(join(tmpdir(), "efficientecg-folders-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("findFolder", () => {
  it("returns the first candidate holding a matching file", () => {
    mkdirSync(join(root, "data"));
    writeFileSync(join(root, "data", "7.hea"), "");
    expect(findFolder(root, [join(root, "data"), root], /^\d+\.hea$/, "LUDB")).toBe(join(root, "data"));
  });

  it("throws a DataError naming the folder and the pattern when none matches", () => {
    expect(() => findFolder(root, [root, join(root, "missing")], /^\d{3}\.hea$/, "MIT-BIH")).toThrow(
      DataError,
    );
    expect(() => findFolder(root, [root], /^\d{3}\.hea$/, "MIT-BIH")).toThrow(
      `${root} does not look like the MIT-BIH database`,
    );
  });
});
