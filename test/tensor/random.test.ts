import { describe, expect, it } from "vitest";
import { defaultGenerator, Generator, manualSeed } from "../../src/tensor/random.js";
import { scope } from "../../src/tensor/scope.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { sgdStep, tinyNet } from "./helpers.js";

describe("Generator", () => {
  it("follows the xoshiro128** reference sequence from state [1, 2, 3, 4]", () => {
    // Reference: a line-by-line Python port of https://prng.di.unimi.it/xoshiro128starstar.c
    const g = new Generator();
    g.setState([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => g.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
  });

  it("seeds its state through splitmix32, also for seeds above 2^32", () => {
    // Reference: the same Python port of this file's splitmix32 seeding.
    expect(new Generator(0).getState()).toEqual([1684164658, 3653269916, 2939563536, 2141751570]);
    expect(new Generator(42).getState()).toEqual([551831576, 144025891, 322543647, 3034809370]);
    expect(new Generator(2 ** 40 + 5).getState()).toEqual([1604058860, 3898505238, 2008924409, 4285734060]);
    const g = new Generator(42);
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([660444221, 3652823732, 77672526]);
  });

  it("restores a saved state exactly", () => {
    const g = new Generator(9);
    g.nextUint32();
    const saved = g.getState();
    const a = [g.uniform(), g.normal()];
    g.setState(saved);
    expect([g.uniform(), g.normal()]).toEqual(a);
  });

  it("uniform samples lie in [0, 1) and normal samples have mean 0 and variance 1", () => {
    const g = new Generator(3);
    const u = Array.from({ length: 20000 }, () => g.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((s, v) => s + v, 0) / u.length).toBeCloseTo(0.5, 2);
    const n = new Float64Array(20000);
    g.fillNormal(n, 0, 1);
    const mean = n.reduce((s, v) => s + v, 0) / n.length;
    const variance = n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it("fills with a given range, mean and standard deviation", () => {
    const g = new Generator(4);
    const u = new Float32Array(1000);
    g.fillUniform(u, -2, -1);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(-1);
    const n = new Float32Array(5001); // odd length: the last element uses one half of a Box-Muller pair
    g.fillNormal(n, 10, 0.5);
    expect(n.reduce((s, v) => s + v, 0) / n.length).toBeCloseTo(10, 1);
  });

  it("manualSeed resets the default generator", () => {
    manualSeed(123);
    const a = defaultGenerator().nextUint32();
    manualSeed(123);
    expect(defaultGenerator().nextUint32()).toBe(a);
  });

  it("rejects bad seeds and states", () => {
    expect(() => new Generator(-1)).toThrow("Expected a non-negative safe integer for seed but received -1");
    expect(() => new Generator().setState([1, 2, 3])).toThrow(
      "Expected four 32-bit unsigned integers for state but received array of length 3",
    );
  });
});

describe("determinism", () => {
  it("training with the same seed twice gives bit-identical weights", () => {
    const train = (): Float32Array[] => {
      const net = tinyNet(11);
      const data = new Generator(12);
      const x = Tensor.randn([6, 1, 24], { generator: data });
      for (let step = 0; step < 30; step++) scope(() => sgdStep(net, x, [0, 1, 2, 2, 1, 0], 0.1));
      return net.parameters.map((p) => Float32Array.from(p.data));
    };
    const first = train();
    const second = train();
    expect(second.map((w) => Buffer.from(w.buffer).toString("hex"))).toEqual(
      first.map((w) => Buffer.from(w.buffer).toString("hex")),
    );
  });
});
