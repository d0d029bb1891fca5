import { describe, expect, it } from "vitest";
import { ModuleError } from "../../src/nn/errors.js";
import { Module } from "../../src/nn/module.js";
import { Tensor } from "../../src/tensor/index.js";

/** A leaf with one parameter, one persistent and one non-persistent buffer. */
class Leaf extends Module {
  readonly weight: Tensor;
  readonly stat: Tensor;
  constructor(size = 2) {
    super();
    this.weight = this.registerParameter("weight", Tensor.full([size], 1.5));
    this.stat = this.registerBuffer("running_stat", Tensor.zeros([size]));
    this.registerBuffer("scratch", Tensor.zeros([1]), false);
    this.registerParameter("bias", null);
  }
  forward(x: Tensor): Tensor {
    return x.mul(this.weight);
  }
  override extraRepr(): string {
    return `size=${this.weight.size}`;
  }
}

class Tree extends Module {
  readonly first: Leaf;
  readonly blocks: Module;
  constructor() {
    super();
    this.first = this.registerModule("first", new Leaf());
    this.blocks = this.registerModule("blocks", new Holder([new Leaf(3), new Leaf(1)]));
    this.registerModule("absent", null);
  }
}

class Holder extends Module {
  constructor(items: Module[]) {
    super();
    for (const [i, item] of items.entries()) this.registerModule(String(i), item);
  }
}

describe("Module registries", () => {
  it("names parameters and buffers with dotted paths in registration order", () => {
    const tree = new Tree();
    expect(tree.namedParameters().map(([name]) => name)).toEqual([
      "first.weight",
      "blocks.0.weight",
      "blocks.1.weight",
    ]);
    expect(tree.namedBuffers().map(([name]) => name)).toEqual([
      "first.running_stat",
      "first.scratch",
      "blocks.0.running_stat",
      "blocks.0.scratch",
      "blocks.1.running_stat",
      "blocks.1.scratch",
    ]);
    expect(tree.namedModules().map(([name]) => name)).toEqual([
      "",
      "first",
      "blocks",
      "blocks.0",
      "blocks.1",
    ]);
    expect(tree.children()).toHaveLength(2);
  });

  it("marks parameters as requiring grad, buffers not", () => {
    const leaf = new Leaf();
    expect(leaf.weight.requiresGrad).toBe(true);
    expect(leaf.stat.requiresGrad).toBe(false);
  });

  it("lists a parameter shared by two children once", () => {
    const shared = new Leaf();
    const holder = new Holder([shared, new Holder([shared])]);
    expect(holder.parameters()).toHaveLength(1);
    expect(holder.namedModules().map(([name]) => name)).toEqual(["", "0", "1"]);
  });

  it("rejects a duplicate or dotted member name", () => {
    class Bad extends Module {
      constructor(name: string) {
        super();
        this.registerParameter("weight", Tensor.zeros([1]));
        this.registerBuffer(name, Tensor.zeros([1]));
      }
    }
    expect(() => new Bad("weight")).toThrow('Bad: "weight" is already registered as a member');
    expect(() => new Bad("a.b")).toThrow(ModuleError);
  });
});

describe("Module modes and gradients", () => {
  it("train() and eval() switch every descendant", () => {
    const tree = new Tree();
    tree.eval();
    expect(tree.modules().every((m) => !m.training)).toBe(true);
    tree.train();
    expect(tree.modules().every((m) => m.training)).toBe(true);
  });

  it("zeroGrad clears gradients and requiresGrad_(false) freezes parameters", () => {
    const leaf = new Leaf();
    leaf
      .forward(Tensor.ones([2]))
      .sum()
      .backward();
    expect(leaf.weight.grad).not.toBeNull();
    leaf.zeroGrad();
    expect(leaf.weight.grad).toBeNull();
    leaf.requiresGrad_(false);
    expect(leaf.weight.requiresGrad).toBe(false);
  });

  it("apply visits children before the parent", () => {
    const seen: string[] = [];
    new Tree().apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(["Leaf", "Leaf", "Leaf", "Holder", "Tree"]);
  });
});

describe("Module.stateDict / loadStateDict", () => {
  it("holds parameters and persistent buffers only, sharing memory with the module", () => {
    const tree = new Tree();
    const dict = tree.stateDict();
    expect(Object.keys(dict)).toEqual([
      "first.weight",
      "first.running_stat",
      "blocks.0.weight",
      "blocks.0.running_stat",
      "blocks.1.weight",
      "blocks.1.running_stat",
    ]);
    expect(dict["first.weight"]).toBe(tree.first.weight);
  });

  it("copies values into the existing tensors, so fields stay valid", () => {
    const source = new Tree();
    source.first.weight.data.set([7, 8]);
    const target = new Tree();
    const weight = target.first.weight;
    const result = target.loadStateDict(source.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(target.first.weight).toBe(weight);
    expect([...weight.data]).toEqual([7, 8]);
  });

  it("converts values to the module's dtype", () => {
    const leaf = new Leaf();
    leaf.loadStateDict({
      weight: Tensor.from([0.1, 0.2], [2], { dtype: "float64" }),
      running_stat: Tensor.zeros([2], { dtype: "float64" }),
    });
    expect(leaf.weight.data).toBeInstanceOf(Float32Array);
    expect(leaf.weight.data[0]).toBe(Math.fround(0.1));
  });

  it("gathers missing, unexpected and mis-sized keys into one error and changes nothing", () => {
    const tree = new Tree();
    const dict = { ...new Tree().stateDict() };
    delete dict["first.running_stat"];
    dict["blocks.0.weight"] = Tensor.zeros([4]);
    dict["extra.weight"] = Tensor.zeros([1]);
    dict["first.weight"] = Tensor.full([2], 9);
    expect(() => tree.loadStateDict(dict)).toThrow(ModuleError);
    expect(() => tree.loadStateDict(dict)).toThrow(
      "Cannot load state dict into Tree:\n" +
        "  missing keys: first.running_stat\n" +
        "  unexpected keys: extra.weight\n" +
        "  size mismatch for blocks.0.weight: checkpoint has shape [4], the module has [3]",
    );
    expect([...tree.first.weight.data]).toEqual([1.5, 1.5]);
  });

  it("returns missing and unexpected keys instead of throwing when not strict (sizes still checked)", () => {
    const tree = new Tree();
    const result = tree.loadStateDict(
      { "first.weight": Tensor.full([2], 3), other: Tensor.zeros([1]) },
      { strict: false },
    );
    expect(result.unexpectedKeys).toEqual(["other"]);
    expect(result.missingKeys).toContain("blocks.1.weight");
    expect([...tree.first.weight.data]).toEqual([3, 3]);
    expect(() => tree.loadStateDict({ "first.weight": Tensor.zeros([5]) }, { strict: false })).toThrow(
      /size mismatch/,
    );
  });

  it("runs the migration hook of modules whose saved version differs, before checking keys", () => {
    class Renamed extends Module {
      static override version = 3;
      readonly calls: Array<number | undefined> = [];
      constructor() {
        super();
        this.registerParameter("scale", Tensor.zeros([1]));
      }
      protected override migrateStateDict(
        dict: Map<string, Tensor>,
        prefix: string,
        version: number | undefined,
      ) {
        this.calls.push(version);
        const old = dict.get(`${prefix}gamma`);
        if (old && (version ?? 0) < 3) {
          dict.delete(`${prefix}gamma`);
          dict.set(`${prefix}scale`, old);
        }
      }
    }
    const holder = new Holder([new Renamed()]);
    const renamed = holder.children()[0] as Renamed;
    holder.loadStateDict({ "0.gamma": Tensor.full([1], 4) }, { versions: { "": 1, "0": 2 } });
    expect(renamed.calls).toEqual([2]);
    expect(holder.stateDict()["0.scale"].data[0]).toBe(4);
    holder.loadStateDict(holder.stateDict(), { versions: holder.stateVersions() });
    expect(renamed.calls).toEqual([2]);
    expect(holder.stateVersions()).toEqual({ "": 1, "0": 3 });
  });
});

describe("Module.toString", () => {
  it("prints a PyTorch-style nested summary", () => {
    expect(new Tree().toString()).toBe(
      [
        "Tree(",
        "  (first): Leaf(size=2)",
        "  (blocks): Holder(",
        "    (0): Leaf(size=3)",
        "    (1): Leaf(size=1)",
        "  )",
        ")",
      ].join("\n"),
    );
  });
});
