import { describe, expect, it } from "vitest";
import { TensorError } from "../../src/tensor/errors.js";
import { memoryInfo } from "../../src/tensor/memory.js";
import { Generator } from "../../src/tensor/random.js";
import { keep, scope } from "../../src/tensor/scope.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { sgdStep, tinyNet } from "./helpers.js";

describe("scope", () => {
  it("disposes the tensors created inside except the returned ones", () => {
    let inner: Tensor | undefined;
    const result = scope(() => {
      inner = Tensor.ones([3]).mul(2);
      return inner.add(1);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(Array.from(result.data)).toEqual([3, 3, 3]);
  });

  it("keeps tensors returned in arrays and plain objects, parameters and keep()-ed tensors", () => {
    const param = Tensor.ones([2], { requiresGrad: true });
    let kept: Tensor | undefined;
    let created: Tensor | undefined;
    let dropped: Tensor | undefined;
    const out = scope(() => {
      created = Tensor.zeros([2], { requiresGrad: true }); // a new leaf that requires grad: a parameter
      kept = keep(Tensor.zeros([1]));
      dropped = param.mul(3);
      return { list: [param.add(1)], nested: { value: param.mul(2) } };
    });
    expect(out.list[0].isDisposed).toBe(false);
    expect(out.nested.value.isDisposed).toBe(false);
    expect(created!.isDisposed).toBe(false);
    expect(kept!.isDisposed).toBe(false);
    expect(dropped!.isDisposed).toBe(true);
    expect(param.isDisposed).toBe(false);
  });

  it("hands returned tensors to the enclosing scope, which disposes them in turn", () => {
    let middle: Tensor | undefined;
    scope(() => {
      middle = scope(() => Tensor.ones([2]).mul(5));
      expect(middle.isDisposed).toBe(false);
      return 0;
    });
    expect(middle!.isDisposed).toBe(true);
  });

  it("disposes everything when fn throws, and rethrows", () => {
    let t: Tensor | undefined;
    expect(() =>
      scope(() => {
        t = Tensor.ones([2]);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(t!.isDisposed).toBe(true);
  });

  it("refuses an async function", () => {
    expect(() => scope(async () => 1)).toThrow(
      new TensorError("scope: fn must be synchronous (it returned a Promise); await outside the scope"),
    );
  });

  it("backward() outside the scope that built the graph names the disposed tensor", () => {
    const w = Tensor.ones([2], { requiresGrad: true });
    const loss = scope(() => w.mul(2).exp().sum());
    expect(() => loss.backward()).toThrow(
      "backward: a tensor of this graph was disposed (by dispose() or at the end of its scope()); " +
        "call backward() inside the scope that built the graph",
    );
  });
});

describe("memory stays flat in a training loop", () => {
  it("200 steps of a small model wrapped in scope(): live tensors, pool and heap stay bounded", () => {
    const net = tinyNet(1);
    const g = new Generator(2);
    const x = Tensor.randn([8, 1, 32], { generator: g });
    const target = [0, 1, 2, 0, 1, 2, 0, 1];
    const samples: { live: number; pooled: number; heap: number }[] = [];
    for (let step = 0; step < 200; step++) {
      scope(() => sgdStep(net, x, target, 0.05));
      const info = memoryInfo();
      samples.push({
        live: info.liveTensors,
        pooled: info.pooledBytes,
        heap: process.memoryUsage().heapUsed,
      });
    }
    const warm = samples[10];
    for (const s of samples.slice(10)) {
      expect(s.live).toBe(warm.live);
      expect(s.pooled).toBe(warm.pooled);
    }
    // The heap may wobble with the garbage collector but must not grow with the step count.
    expect(samples[199].heap - warm.heap).toBeLessThan(16 * 1024 * 1024);
  });

  it("backward releases every intermediate gradient: only the leaves' gradients remain", () => {
    const net = tinyNet(3);
    const x = Tensor.randn([4, 1, 16], { generator: new Generator(4) });
    scope(() => {
      const loss = net.loss(x, [0, 1, 2, 0]);
      const before = memoryInfo().liveTensors;
      loss.backward();
      expect(memoryInfo().liveTensors - before).toBe(net.parameters.length);
      return 0;
    });
  });

  it("reuses pooled buffers from one step to the next", () => {
    const net = tinyNet(5);
    const x = Tensor.randn([4, 1, 16], { generator: new Generator(6) });
    for (let step = 0; step < 2; step++) scope(() => sgdStep(net, x, [0, 1, 2, 0], 0.1));
    const { poolMisses } = memoryInfo();
    for (let step = 0; step < 10; step++) scope(() => sgdStep(net, x, [0, 1, 2, 0], 0.1));
    expect(memoryInfo().poolMisses).toBe(poolMisses);
  });
});
