import { describe, expect, it } from "vitest";
import { dropConnect, dropout } from "../../../src/tensor/ops/dropout.js";
import { Generator } from "../../../src/tensor/random.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { expectGradcheck, randomInput } from "../helpers.js";

describe("dropout", () => {
  it("zeroes about p of the elements and scales the rest by 1/(1-p)", () => {
    const y = dropout(Tensor.ones([10000]), 0.3, true, new Generator(1));
    const kept = Array.from(y.data).filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.7)]));
    expect(kept.length / 10000).toBeGreaterThan(0.68);
    expect(kept.length / 10000).toBeLessThan(0.72);
  });
  it("returns the input itself when not training or p = 0, and zeros when p = 1", () => {
    const x = Tensor.ones([4]);
    expect(dropout(x, 0.5, false)).toBe(x);
    expect(dropout(x, 0, true)).toBe(x);
    expect(Array.from(dropout(x, 1, true).data)).toEqual([0, 0, 0, 0]);
  });
  it("is reproducible with a seeded generator", () => {
    const a = dropout(Tensor.ones([64]), 0.5, true, new Generator(7));
    const b = dropout(Tensor.ones([64]), 0.5, true, new Generator(7));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
  it("gradient: dy times the same mask (fixed generator)", () => {
    expectGradcheck((t) => dropout(t, 0.4, true, new Generator(3)), [randomInput([3, 5], 1)]);
  });
});

describe("dropConnect", () => {
  it("keeps or drops whole samples", () => {
    const y = dropConnect(Tensor.ones([200, 3, 4]), 0.5, true, new Generator(2));
    const rows = Array.from(
      { length: 200 },
      (_, n) => new Set(Array.from(y.data.subarray(n * 12, (n + 1) * 12))),
    );
    for (const values of rows) expect(values.size).toBe(1);
    const dropped = rows.filter((values) => values.has(0)).length;
    expect(dropped).toBeGreaterThan(70);
    expect(dropped).toBeLessThan(130);
    expect(new Set(rows.flatMap((values) => [...values]))).toEqual(new Set([0, 2]));
  });
  it("is the identity when not training", () => {
    const x = Tensor.ones([2, 3]);
    expect(dropConnect(x, 0.2, false)).toBe(x);
  });
  it("gradient (fixed generator)", () => {
    expectGradcheck((t) => dropConnect(t, 0.5, true, new Generator(5)), [randomInput([6, 2, 3], 2)]);
  });
});

describe("dropout argument errors", () => {
  it("names the probability rule", () => {
    expect(() => dropout(Tensor.ones([2]), 1.5)).toThrow(
      "dropout: Expected a probability in [0, 1] for p but received 1.5",
    );
    expect(() => dropConnect(Tensor.ones([2]), -0.1)).toThrow(
      "dropConnect: Expected a probability in [0, 1] for p but received -0.1",
    );
    expect(() => dropConnect(Tensor.from(1), 0.1)).toThrow("dropConnect: x needs a batch axis, got a scalar");
    expect(() => dropConnect(Tensor.ones([2, 2]), 0.1, true, 7 as unknown as Generator)).toThrow(
      "dropConnect: Expected a Generator for generator but received 7",
    );
  });
});
