/** Generic checks walked over every case of the module table (test/nn/module-cases.ts). */
import { describe, expect, it } from "vitest";
import type { Module } from "../../src/nn/module.js";
import { countFlops } from "../../src/nn/summary.js";
import { type DType, Generator, Tensor } from "../../src/tensor/index.js";
import { type ModuleCase, moduleCases } from "./module-cases.js";

function inputsOf(testCase: ModuleCase, dtype: DType): Tensor[] {
  const generator = new Generator(11);
  return (testCase.inputs ?? []).map((input) =>
    typeof input === "function" ? input(dtype) : Tensor.randn(input, { dtype, generator }),
  );
}

function run(testCase: ModuleCase, module: Module, inputs: Tensor[]): Tensor[] {
  const call =
    testCase.call ??
    ((m: Module, xs: Tensor[]) => (m as Module & { forward(...x: Tensor[]): Tensor }).forward(...xs));
  const result = call(module, inputs);
  return (Array.isArray(result) ? result : [result]).filter((t): t is Tensor => t !== null);
}

describe.each(moduleCases.filter((c) => c.constructError))("$name", (testCase) => {
  it("throws the documented error from the constructor", () => {
    const [type, message] = testCase.constructError!;
    expect(() => testCase.make("float32", new Generator(0))).toThrow(type);
    expect(() => testCase.make("float32", new Generator(0))).toThrow(message);
  });
});

describe.each(moduleCases.filter((c) => c.forwardError))("$name", (testCase) => {
  it("throws the documented error from forward", () => {
    const module = testCase.make("float32", new Generator(0));
    const [type, message] = testCase.forwardError!;
    expect(() => run(testCase, module, inputsOf(testCase, "float32"))).toThrow(type);
    expect(() => run(testCase, module, inputsOf(testCase, "float32"))).toThrow(message);
  });
});

describe.each(moduleCases.filter((c) => c.outputShapes))("$name", (testCase) => {
  it.each(["float32", "float64"] as const)(
    "gives the documented output shapes in %s, in training and eval mode",
    (dtype) => {
      const module = testCase.make(dtype, new Generator(0));
      for (const training of [true, false]) {
        module.train(training);
        const outputs = run(testCase, module, inputsOf(testCase, dtype));
        expect(outputs.map((t) => [...t.shape])).toEqual(testCase.outputShapes);
        expect(outputs.every((t) => t.dtype === dtype)).toBe(true);
      }
    },
  );

  it("gives every parameter a gradient of its own shape", () => {
    const module = testCase.make("float64", new Generator(0));
    const outputs = run(testCase, module, inputsOf(testCase, "float64"));
    if (testCase.differentiable === false || module.parameters().length === 0) return;
    let loss = outputs[0].sum();
    for (const t of outputs.slice(1)) loss = loss.add(t.sum());
    // A sum of normalised outputs has zero gradient, so weight the elements.
    outputs[0]
      .mul(Tensor.randn(outputs[0].shape, { dtype: "float64", generator: new Generator(1) }))
      .sum()
      .add(loss)
      .backward();
    for (const [name, p] of module.namedParameters()) {
      expect(p.grad, name).not.toBeNull();
      expect(p.grad!.shape, name).toEqual(p.shape);
    }
  });

  it("gives the same eval-mode outputs after its state dict is loaded into a fresh instance", () => {
    const source = testCase.make("float64", new Generator(1)).eval();
    const target = testCase.make("float64", new Generator(2)).eval();
    target.loadStateDict(source.stateDict(), { versions: source.stateVersions() });
    const inputs = inputsOf(testCase, "float64");
    const expected = run(testCase, source, inputs).map((t) => [...t.data]);
    expect(run(testCase, target, inputs).map((t) => [...t.data])).toEqual(expected);
  });

  it("builds bit-identical parameters from the same seed", () => {
    const a = testCase.make("float32", new Generator(5)).stateDict();
    const b = testCase.make("float32", new Generator(5)).stateDict();
    for (const key of Object.keys(a)) expect(b[key].data, key).toEqual(a[key].data);
  });

  it("is counted by countFlops without changing its mode and prints as ClassName(...)", () => {
    const module = testCase.make("float32", new Generator(0));
    const count = countFlops(
      module as Module & { forward(...x: Tensor[]): unknown },
      inputsOf(testCase, "float32"),
      (m, xs) => run(testCase, m, xs),
    );
    expect(count.flops).toBe(2 * count.macs);
    expect(module.training).toBe(true);
    expect(module.toString()).toMatch(new RegExp(`^${module.constructor.name}\\(`));
  });
});
