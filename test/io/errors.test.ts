import { describe, expect, it } from "vitest";
import { EfficientEcgError } from "../../src/errors.js";
import { fsErrorReason, RecordError } from "../../src/io/errors.js";

const fsError = (code: string) => Object.assign(new Error(`${code}: raw system message`), { code });

describe("RecordError", () => {
  it("names the file, then the reason, and keeps both", () => {
    const error = new RecordError("data/100.hea", "file not found");
    expect(error).toBeInstanceOf(EfficientEcgError);
    expect(error.message).toBe("data/100.hea: file not found");
    expect([error.file, error.reason, error.code]).toEqual(["data/100.hea", "file not found", "ERR_RECORD"]);
  });
});

describe("fsErrorReason", () => {
  it("says what a file-system error means in words, else passes the system's message on", () => {
    expect(fsErrorReason(fsError("ENOENT"))).toBe("file not found");
    expect(fsErrorReason(fsError("EACCES"))).toBe("permission denied");
    expect(fsErrorReason(fsError("EPERM"))).toBe("permission denied");
    expect(fsErrorReason(fsError("EISDIR"))).toBe("is a folder, not a file");
    expect(fsErrorReason(fsError("EIO"))).toBe("EIO: raw system message");
    expect(fsErrorReason("odd")).toBe("odd");
  });
});
