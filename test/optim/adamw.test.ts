import { describe, expect, it } from "vitest";
import { AdamW, type AdamWOptions } from "../../src/optim/adamw.js";
import { OptimizerError } from "../../src/optim/optimizer.js";
import { param, setGrad, torchOptim } from "./fixtures/params.js";

describe("AdamW", () => {
  it("takes the hand-computed first step: decoupled decay, then lr * m_hat / (sqrt(v_hat) + eps)", () => {
    const p = param([0.5]);
    const optimizer = new AdamW([p], { lr: 0.1, betas: [0.9, 0.99], eps: 1e-6, weightDecay: 0.05 });
    setGrad(p, [0.1]);
    optimizer.step();
    // p = 0.5 * (1 - 0.1 * 0.05) = 0.4975; m = 0.1 * 0.1 = 0.01; v = 0.01 * 0.1^2 = 1e-4;
    // m_hat = m / (1 - 0.9) = 0.1; sqrt(v_hat) = sqrt(1e-4 / (1 - 0.99)) = 0.1;
    // p = 0.4975 - 0.1 * 0.1 / (0.1 + 1e-6) = 0.4975 - 0.01 / 0.100001
    expect(p.data[0]).toBeCloseTo(0.4975 - 0.01 / 0.100001, 15);
  });

  for (const name of ["adamw", "adamwDefaults"]) {
    it(`follows PyTorch's float64 trajectory over three steps (${name})`, () => {
      const { options, params } = torchOptim.cases[name];
      const p = param(torchOptim.initial);
      const optimizer = new AdamW([p], options as Partial<AdamWOptions>);
      torchOptim.grads.forEach((g, step) => {
        setGrad(p, g);
        optimizer.step();
        expect([...p.data]).toEqual(params[step].map((v) => expect.closeTo(v, 14)));
      });
    });
  }

  it("keeps float32 parameters and moments in float32 and stays within float32 rounding of PyTorch", () => {
    const { params } = torchOptim.cases.adamwDefaults;
    const p = param(Float32Array.from(torchOptim.initial));
    const optimizer = new AdamW([p]);
    for (const g of torchOptim.grads) {
      setGrad(p, g);
      optimizer.step();
    }
    expect(p.data).toBeInstanceOf(Float32Array);
    expect(optimizer.stateDict().state[0].exp_avg).toBeInstanceOf(Float32Array);
    expect([...p.data]).toEqual(params[2].map((v) => expect.closeTo(v, 6)));
  });

  it("rejects betas outside [0, 1) and a negative lr, naming the option", () => {
    expect(() => new AdamW([param([1])], { betas: [1, 0.999] })).toThrow(
      "defaults: Expected a number in [0, 1) for betas[0] but received 1",
    );
    expect(() => new AdamW([param([1])], { lr: -1 })).toThrow(OptimizerError);
    expect(() => new AdamW([{ params: [param([1])], eps: -1 }])).toThrow(
      "param group 0: Expected a finite number >= 0 for eps but received -1",
    );
  });
});
