import { describe, expect, it } from "vitest";
import { ReLU } from "../../src/nn/activation.js";
import { Flatten, ModuleList, Sequential } from "../../src/nn/container.js";
import { ModuleError } from "../../src/nn/errors.js";
import { Linear } from "../../src/nn/linear.js";
import { Tensor } from "../../src/tensor/index.js";

describe("Sequential", () => {
  it("chains its layers and names their tensors by index", () => {
    const net = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    expect(net.forward(Tensor.zeros([5, 4])).shape).toEqual([5, 2]);
    expect(Object.keys(net.stateDict())).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
    expect(net.length).toBe(3);
    expect(net.at(-1)).toBe([...net][2]);
  });

  it("prints as PyTorch's repr", () => {
    expect(new Sequential(new Linear(4, 3), new ReLU()).toString()).toBe(
      "Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=True)\n  (1): ReLU()\n)",
    );
  });

  it("replaces a layer in place, keeping its name (set), and rejects a bad index or layer", () => {
    const net = new Sequential(new Linear(4, 3), new ReLU());
    const replacement = new Linear(4, 3, { bias: false });
    net.set(0, replacement).set(-1, new ReLU());
    expect(net.at(0)).toBe(replacement);
    expect(Object.keys(net.stateDict())).toEqual(["0.weight"]);
    expect(net.children()[0]).toBe(replacement);
    expect(() => net.set(2, new ReLU())).toThrow(ModuleError);
    expect(() => net.set(0, {} as never)).toThrow(
      "Sequential: Expected a Module for item 0 but received Object",
    );
  });

  it("rejects a non-module and an index out of range", () => {
    expect(() => new Sequential({} as never)).toThrow(
      "Sequential: Expected a Module for item 0 but received Object",
    );
    expect(() => new Sequential(new ReLU()).at(1)).toThrow(ModuleError);
  });
});

describe("ModuleList", () => {
  it("registers its modules so their parameters are found, and is iterable", () => {
    const list = new ModuleList([new Linear(2, 2), new Linear(2, 1)]);
    list.append(new Linear(1, 1, { bias: false }));
    expect(list.parameters()).toHaveLength(5);
    expect([...list].map((m) => m.outFeatures)).toEqual([2, 1, 1]);
    expect(list.at(1).outFeatures).toBe(1);
  });
});

describe("Flatten", () => {
  it("merges axes 1..-1 by default", () => {
    expect(new Flatten().forward(Tensor.zeros([2, 3, 4])).shape).toEqual([2, 12]);
    expect(new Flatten(0, 1).forward(Tensor.zeros([2, 3, 4])).shape).toEqual([6, 4]);
  });
});
