import { describe, expect, it } from "vitest";
import { SafetensorsError } from "../../src/nn/errors.js";
import {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsEntry,
  toFloatArray,
} from "../../src/nn/safetensors.js";

// Made by an independent writer (Python `struct` + `json` only): `python3 test/nn/fixtures/make_safetensors.py`.
// Holds conv.weight F32 [2,3] = [0.5, -1.25, 2, 3.5, -0.125, 1e-3], bn.running_var F64 [2] = [1/3, 2.5],
// bn.num_batches_tracked I64 [] = 7, half F16 [2] = [1.5, -0.25], metadata {"format": "pt"}; Python's json
// uses ", " and ": " separators, and the header is padded with spaces to a multiple of 8 bytes.
const pythonFileHex =
  "50010000000000007b225f5f6d657461646174615f5f223a207b22666f726d6174223a20227074227d2c2022636f6e762e776569" +
  "676874223a207b226474797065223a2022463332222c20227368617065223a205b322c20335d2c2022646174615f6f666673657473" +
  "223a205b302c2032345d7d2c2022626e2e72756e6e696e675f766172223a207b226474797065223a2022463634222c2022736861" +
  "7065223a205b325d2c2022646174615f6f666673657473223a205b32342c2034305d7d2c2022626e2e6e756d5f62617463686573" +
  "5f747261636b6564223a207b226474797065223a2022493634222c20227368617065223a205b5d2c2022646174615f6f66667365" +
  "7473223a205b34302c2034385d7d2c202268616c66223a207b226474797065223a2022463136222c20227368617065223a205b32" +
  "5d2c2022646174615f6f666673657473223a205b34382c2035325d7d7d20200000003f0000a0bf0000004000006040000000be6f" +
  "12833a555555555555d53f00000000000004400700000000000000003e00b4";

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((byte) => Number.parseInt(byte, 16)));
}

/** Returns a valid file with one F32 tensor, with its header replaced by `header` (padded to 8 bytes). */
function withHeader(header: string, dataBytes = 8): Uint8Array {
  const json = new TextEncoder().encode(header);
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + dataBytes).fill(0x20, 8, 8 + padded);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0, 8 + padded);
  return out;
}

describe("decodeSafetensors", () => {
  it("reads a file written by an independent Python writer, with dtypes, shapes, values and metadata", () => {
    const { tensors, metadata } = decodeSafetensors(fromHex(pythonFileHex));
    expect(metadata).toEqual({ format: "pt" });
    expect([...tensors.keys()]).toEqual(["conv.weight", "bn.running_var", "bn.num_batches_tracked", "half"]);
    const conv = tensors.get("conv.weight")!;
    expect(conv.dtype).toBe("F32");
    expect(conv.shape).toEqual([2, 3]);
    expect([...conv.data]).toEqual([...new Float32Array([0.5, -1.25, 2, 3.5, -0.125, 1e-3])]);
    expect([...tensors.get("bn.running_var")!.data]).toEqual([1 / 3, 2.5]);
    const counter = tensors.get("bn.num_batches_tracked")!;
    expect(counter.shape).toEqual([]);
    expect(counter.data).toEqual(new BigInt64Array([7n]));
    expect([...toFloatArray(tensors.get("half")!, "float64")]).toEqual([1.5, -0.25]);
  });

  it("throws for a file shorter than the 8-byte length field", () => {
    expect(() => decodeSafetensors(new Uint8Array(5), "w.safetensors")).toThrow(
      "w.safetensors: file has 5 bytes, too short for the 8-byte header length",
    );
  });

  it("throws for a header length beyond the end of the file, naming the file", () => {
    const bytes = withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}');
    new DataView(bytes.buffer).setBigUint64(0, 10_000n, true);
    expect(() => decodeSafetensors(bytes, "model.safetensors")).toThrow(SafetensorsError);
    expect(() => decodeSafetensors(bytes, "model.safetensors")).toThrow(
      /^model\.safetensors: bad header length 10000: the file has \d+ bytes after the length field/,
    );
  });

  it("throws for a header length above the 100 MB limit even if the length is absurd", () => {
    const bytes = withHeader("{}", 0);
    new DataView(bytes.buffer).setBigUint64(0, 0xffffffffffffffffn, true);
    expect(() => decodeSafetensors(bytes)).toThrow(/bad header length 18446744073709551615/);
  });

  it("throws for a header that is not JSON or not an object", () => {
    expect(() => decodeSafetensors(withHeader("{not json", 0))).toThrow(/header is not valid JSON/);
    expect(() => decodeSafetensors(withHeader("[1,2]", 0))).toThrow(/header must be a JSON object starting/);
    const badUtf8 = withHeader("{}", 0);
    badUtf8[9] = 0xff;
    expect(() => decodeSafetensors(badUtf8)).toThrow(/header is not valid UTF-8/);
  });

  it("throws for data_offsets past the end of the data section", () => {
    const bytes = withHeader('{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}', 8);
    expect(() => decodeSafetensors(bytes, "f")).toThrow(
      'f: tensor "a": data_offsets [0, 16] out of range: the data section has 8 bytes',
    );
  });

  it("throws when the byte range does not match dtype and shape", () => {
    const bytes = withHeader('{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}', 8);
    expect(() => decodeSafetensors(bytes)).toThrow(
      'tensor "a": dtype F64 and shape [2] need 16 bytes but data_offsets [0, 8] span 8',
    );
  });

  it("throws for overlapping ranges, holes and trailing bytes", () => {
    const overlap = withHeader(
      '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
    );
    expect(() => decodeSafetensors(overlap)).toThrow(/tensor "b": data_offsets start at 4, expected 8/);
    const hole = withHeader('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}');
    expect(() => decodeSafetensors(hole)).toThrow(/data_offsets start at 4, expected 0/);
    const trailing = withHeader('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 8);
    expect(() => decodeSafetensors(trailing)).toThrow(/tensors cover 4 bytes of a 8-byte data section/);
  });

  it("throws for an unknown dtype, a bad shape, bad offsets and non-string metadata", () => {
    expect(() =>
      decodeSafetensors(withHeader('{"a":{"dtype":"F8_E4M3","shape":[8],"data_offsets":[0,8]}}')),
    ).toThrow(/tensor "a": unsupported dtype "F8_E4M3" \(supported: F64, F32/);
    expect(() =>
      decodeSafetensors(withHeader('{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}')),
    ).toThrow(/shape must be an array of non-negative integers/);
    expect(() =>
      decodeSafetensors(withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}')),
    ).toThrow(/data_offsets must be \[begin, end\] with 0 <= begin <= end, got \[8,0\]/);
    expect(() => decodeSafetensors(withHeader('{"__metadata__":{"epoch":3}}', 0))).toThrow(
      /__metadata__ "epoch" must be a string, got 3/,
    );
  });
});

describe("encodeSafetensors", () => {
  it("round-trips every dtype, shape and metadata exactly", () => {
    const tensors: Record<string, SafetensorsEntry> = {
      "a.weight": { dtype: "F32", shape: [3, 1], data: new Float32Array([1.5, Number.NaN, -0]) },
      "a.double": { dtype: "F64", shape: [2], data: new Float64Array([Math.PI, -1e300]) },
      counter: { dtype: "I64", shape: [], data: new BigInt64Array([-(2n ** 62n)]) },
      index: { dtype: "I32", shape: [2, 2], data: new Int32Array([1, -2, 3, 2 ** 31 - 1]) },
      flags: { dtype: "BOOL", shape: [3], data: new Uint8Array([1, 0, 1]) },
      bf: { dtype: "BF16", shape: [1], data: new Uint16Array([0x3fc0]) },
      empty: { dtype: "F32", shape: [0, 4], data: new Float32Array(0) },
    };
    const bytes = encodeSafetensors(tensors, { format: "pt", note: "ünïcode" });
    const { tensors: back, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ format: "pt", note: "ünïcode" });
    for (const [name, entry] of Object.entries(tensors)) {
      const decoded = back.get(name)!;
      expect(decoded.dtype).toBe(entry.dtype);
      expect(decoded.shape).toEqual(entry.shape);
      expect(decoded.data).toEqual(entry.data);
    }
    expect(Object.is(back.get("a.weight")!.data[2], -0)).toBe(true);
    expect(toFloatArray(back.get("bf")!, "float32")[0]).toBe(1.5);
  });

  it("pads the header with spaces to a multiple of 8 and stores the length little-endian", () => {
    const bytes = encodeSafetensors({ x: { dtype: "F32", shape: [1], data: new Float32Array([2]) } });
    const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(length % 8).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + length));
    expect(header.trimEnd()).toBe('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
    expect(header.slice(header.trimEnd().length)).toMatch(/^ *$/);
    expect(new Float32Array(bytes.slice(8 + length).buffer)[0]).toBe(2);
  });

  it("aligns every tensor to its element size by placing wider dtypes first", () => {
    const bytes = encodeSafetensors({
      small: { dtype: "U8", shape: [3], data: new Uint8Array([1, 2, 3]) },
      wide: { dtype: "F64", shape: [1], data: new Float64Array([1]) },
      "0": { dtype: "F32", shape: [1], data: new Float32Array([1]) },
    });
    const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    expect(header.wide.data_offsets).toEqual([0, 8]);
    expect(header["0"].data_offsets).toEqual([8, 12]);
    expect(header.small.data_offsets).toEqual([12, 15]);
  });

  it("throws when the array type does not match the dtype or the shape does not match the length", () => {
    expect(() =>
      encodeSafetensors({ w: { dtype: "F32", shape: [2], data: new Float64Array(2) } as never }),
    ).toThrow('<encode>: tensor "w": dtype F32 needs a Float32Array, got Float64Array of length 2');
    expect(() => encodeSafetensors({ w: { dtype: "F32", shape: [3], data: new Float32Array(2) } })).toThrow(
      'tensor "w": shape [3] holds 3 elements but data has 2',
    );
    expect(() =>
      encodeSafetensors({ __metadata__: { dtype: "F32", shape: [0], data: new Float32Array() } }),
    ).toThrow(/tensor name "__metadata__" is reserved or empty/);
  });
});
