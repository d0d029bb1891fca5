import { describe, expect, it } from "vitest";
import { lstmBackward, lstmForward } from "../../../../src/tensor/kernels/reference/recurrent.js";

const [N, T, H] = [2, 3, 2];
const G = 4 * H;
const values = (n: number, seed: number, scale: number) =>
  Float64Array.from({ length: n }, (_, i) => Math.sin(seed + 1.7 * i) * scale);
const xg = values(N * T * G, 1, 1);
const h0 = values(N * H, 2, 0.5);
const c0 = values(N * H, 3, 0.5);
const w = values(G * H, 4, 0.6);
const dhs = values(N * T * H, 5, 1);
const dcT = values(N * H, 6, 1);

/** Returns L = sum(dhs * hs) + sum(dcT * c_T) of a forward pass over the given inputs. */
function loss(inputs: Float64Array[]): number {
  const [x, h, c, ww] = inputs;
  const [hs, cs] = [new Float64Array(N * T * H), new Float64Array(N * T * H)];
  lstmForward(x, h, c, ww, N, T, H, hs, cs, null);
  let sum = 0;
  for (let i = 0; i < hs.length; i++) sum += dhs[i] * hs[i];
  for (let n = 0; n < N; n++) for (let j = 0; j < H; j++) sum += dcT[n * H + j] * cs[(n * T + T - 1) * H + j];
  return sum;
}

describe("reference LSTM kernels", () => {
  it("forward follows the cell equations (one sample, one unit, checked by hand)", () => {
    const [hs, cs, gates] = [new Float64Array(1), new Float64Array(1), new Float64Array(4)];
    lstmForward(
      Float64Array.of(0, 0, 0, 0),
      Float64Array.of(0),
      Float64Array.of(1),
      Float64Array.of(0, 0, 0, 0),
      1,
      1,
      1,
      hs,
      cs,
      gates,
    );
    // all pre-activations 0: i = f = o = 0.5, g = 0; c = 0.5 * 1 + 0.5 * 0, h = 0.5 tanh(0.5)
    expect(Array.from(gates)).toEqual([0.5, 0.5, 0, 0.5]);
    expect(cs[0]).toBe(0.5);
    expect(hs[0]).toBeCloseTo(0.5 * Math.tanh(0.5), 15);
  });

  it("backward matches central differences for every input (xg, h0, c0, W_hh)", () => {
    const [hs, cs, gates] = [
      new Float64Array(N * T * H),
      new Float64Array(N * T * H),
      new Float64Array(N * T * G),
    ];
    lstmForward(xg, h0, c0, w, N, T, H, hs, cs, gates);
    const [dxg, dh0, dc0, dw] = [
      new Float64Array(xg.length),
      new Float64Array(N * H),
      new Float64Array(N * H),
      new Float64Array(w.length),
    ];
    lstmBackward(dhs, dcT, gates, cs, hs, h0, c0, w, N, T, H, dxg, dh0, dc0, dw);
    const inputs = [xg, h0, c0, w];
    for (const [which, analytic] of [dxg, dh0, dc0, dw].entries()) {
      for (let i = 0; i < analytic.length; i++) {
        const plus = inputs.map((a) => a.slice());
        const minus = inputs.map((a) => a.slice());
        plus[which][i] += 1e-6;
        minus[which][i] -= 1e-6;
        const numeric = (loss(plus) - loss(minus)) / 2e-6;
        expect(Math.abs(analytic[i] - numeric)).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(numeric));
      }
    }
  });
});
