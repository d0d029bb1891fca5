import { describe, expect, it } from "vitest";
import {
  EFFICIENTNET_B0,
  EfficientNet1d,
  scaleChannels,
  scaleRepeats,
} from "../../src/models/efficientnet.js";
import { countParameters, DropConnect } from "../../src/nn/index.js";
import { Generator, noGrad, Tensor } from "../../src/tensor/index.js";

describe("compound scaling", () => {
  it("rounds channels as EfficientNet's round_filters (B4, width 1.4: stem 48, head 1792; B0 at width 0.5)", () => {
    expect(scaleChannels(32, 1.4)).toBe(48);
    expect(scaleChannels(1280, 1.4)).toBe(1792);
    expect(scaleChannels(32, 1.1)).toBe(32); // 35.2 rounds down to 32, within 10 %
    expect(scaleChannels(24, 0.5)).toBe(16); // 12 rounds to 16
    expect(scaleChannels(16, 0.5)).toBe(8);
    expect(scaleChannels(16, 0.1)).toBe(8); // never below the divisor
  });

  it("rounds repeats up (B4, depth 1.8: 3 -> 6)", () => {
    expect(scaleRepeats(3, 1.8)).toBe(6);
    expect(scaleRepeats(1, 0.5)).toBe(1);
    expect(scaleRepeats(4, 0.5)).toBe(2);
  });
});

describe("EfficientNet1d", () => {
  it("has 16 MBConv blocks and a 1280-channel head at B0 scale, 10 blocks and 640 at width and depth 0.5", () => {
    const b0 = new EfficientNet1d({ leads: 1, generator: new Generator(0) });
    expect(b0.blocks.length).toBe(EFFICIENTNET_B0.stages.reduce((n, s) => n + s.repeats, 0));
    expect(b0.blocks.length).toBe(16);
    expect(b0.outChannels).toBe(1280);
    const half = new EfficientNet1d({ leads: 1, width: 0.5, depth: 0.5, generator: new Generator(0) });
    expect(half.blocks.length).toBe(10);
    expect(half.outChannels).toBe(640);
    // ../shared/PAPER.md: "a straight 1D B0 has about 3.9 M parameters ... about 0.6 M at width 0.5 and depth 0.5"
    // (both with a 5-class classifier; the backbone alone here)
    expect(countParameters(b0)).toBeGreaterThan(3.8e6);
    expect(countParameters(b0)).toBeLessThan(3.9e6);
    expect(countParameters(half)).toBeGreaterThan(0.6e6);
    expect(countParameters(half)).toBeLessThan(0.63e6);
  });

  it("downsamples by 32 (five stride-2 stages, each ceil(L / 2))", () => {
    const net = new EfficientNet1d({
      leads: 2,
      width: 0.25,
      depth: 0.25,
      generator: new Generator(1),
    }).eval();
    for (const [length, reduced] of [
      [256, 8],
      [3000, 94],
    ]) {
      const x = Tensor.randn([2, 2, length], { generator: new Generator(2) });
      const y = noGrad(() => net.forward(x));
      expect(y.shape).toEqual([2, net.outChannels, reduced]);
    }
  });

  it("gives the last block drop-connect 0.2 x 15 / 16 and the first none (linear in depth)", () => {
    const b0 = new EfficientNet1d({ leads: 1, generator: new Generator(0) });
    const rates = [...b0.blocks.modules()].flatMap((m) => (m instanceof DropConnect ? [m.p] : []));
    expect(rates[0]).toBe(0);
    expect(rates[15]).toBeCloseTo((0.2 * 15) / 16, 12);
  });
});
