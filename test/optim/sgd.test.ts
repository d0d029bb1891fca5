import { describe, expect, it } from "vitest";
import { SGD, type SgdOptions } from "../../src/optim/sgd.js";
import { param, setGrad, torchOptim } from "./fixtures/params.js";

describe("SGD", () => {
  it("takes hand-computed momentum steps: the buffer starts as the gradient, then b = mu * b + g", () => {
    const p = param([1]);
    const optimizer = new SGD([p], { lr: 0.1, momentum: 0.9 });
    setGrad(p, [2]);
    optimizer.step(); // b = 2; p = 1 - 0.1 * 2 = 0.8
    expect(p.data[0]).toBeCloseTo(0.8, 15);
    setGrad(p, [1]);
    optimizer.step(); // b = 0.9 * 2 + 1 = 2.8; p = 0.8 - 0.28 = 0.52
    expect(p.data[0]).toBeCloseTo(0.52, 15);
  });

  for (const name of ["sgdNesterov", "sgdDampening", "sgdPlain"]) {
    it(`follows PyTorch's float64 trajectory over three steps (${name})`, () => {
      const { options, params } = torchOptim.cases[name];
      const p = param(torchOptim.initial);
      const optimizer = new SGD([p], options as Partial<SgdOptions> & { lr: number });
      torchOptim.grads.forEach((g, step) => {
        setGrad(p, g);
        optimizer.step();
        expect([...p.data]).toEqual(params[step].map((v) => expect.closeTo(v, 14)));
      });
    });
  }

  it("rejects Nesterov without momentum or with dampening", () => {
    expect(() => new SGD([param([1])], { lr: 0.1, nesterov: true })).toThrow(
      "defaults: Nesterov momentum requires momentum > 0 and dampening = 0",
    );
    expect(() => new SGD([param([1])], { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(
      /Nesterov/,
    );
  });
});
