import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { refuseExisting, writeFileAtomic } from "../../src/io/atomicWrite.js";
import { RecordError } from "../../src/io/errors.js";

const dir = mkdtempSync(join(tmpdir(), "efficientecg-atomic-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  it("creates a new file with the given bytes", () => {
    writeFileAtomic(join(dir, "a.bin"), Uint8Array.from([1, 2, 3]));
    expect(Array.from(readFileSync(join(dir, "a.bin")))).toEqual([1, 2, 3]);
  });

  it("keeps an existing file unless overwrite is set", () => {
    writeFileSync(join(dir, "b.txt"), "old");
    expect(() => writeFileAtomic(join(dir, "b.txt"), "new")).toThrow(RecordError);
    expect(readFileSync(join(dir, "b.txt"), "utf8")).toBe("old");
    writeFileAtomic(join(dir, "b.txt"), "new", true);
    expect(readFileSync(join(dir, "b.txt"), "utf8")).toBe("new");
  });

  it("reports a folder that does not exist as a RecordError and leaves no temporary file", () => {
    expect(() => writeFileAtomic(join(dir, "missing", "c.txt"), "x")).toThrow(/missing\/c.txt: cannot write/);
    expect(() => writeFileAtomic(join(dir, "missing", "c.txt"), "x")).toThrow(
      `cannot write: folder ${join(dir, "missing")} does not exist`,
    );
    expect(readdirSync(dir).filter((file) => file.endsWith(".tmp"))).toEqual([]);
  });

  it("reports a file in place of the folder as a RecordError, not as a crash while cleaning up", () => {
    writeFileSync(join(dir, "plain"), "not a folder");
    for (const overwrite of [false, true]) {
      expect(() => writeFileAtomic(join(dir, "plain", "d.txt"), "x", overwrite)).toThrow(
        new RecordError(join(dir, "plain", "d.txt"), `cannot write: ${join(dir, "plain")} is not a folder`),
      );
    }
  });

  it("refuseExisting names the first existing file and says how to replace it", () => {
    writeFileSync(join(dir, "e.txt"), "old");
    expect(() => refuseExisting([join(dir, "none.txt")])).not.toThrow();
    expect(() => refuseExisting([join(dir, "none.txt"), join(dir, "e.txt")], "pass --force")).toThrow(
      new RecordError(join(dir, "e.txt"), "file already exists; pass --force to replace it"),
    );
    expect(() => refuseExisting([join(dir, "e.txt")])).toThrow("file already exists; pass overwrite: true");
  });
});
