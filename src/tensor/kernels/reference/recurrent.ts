/**
 * Reference LSTM recurrence (kernels.ts FusedKernels lstmForward / lstmBackward): one layer over a whole
 * sequence, PyTorch's gate order i, f, g, o, products summed in float64.
 */
import type { Buf } from "../kernels.js";

const sigmoid = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

/**
 * For every sample n and step t: z = xg[n, t] + h_{t-1} W_hh^T, i, f, o = sigmoid, g = tanh; c_t = f c_{t-1}
 * + i g; h_t = o tanh(c_t). Writes hs, cs (N, T, H) and gates (N, T, 4H) unless null.
 */
export function lstmForward(
  xg: Buf,
  h0: Buf,
  c0: Buf,
  wHh: Buf,
  N: number,
  T: number,
  H: number,
  hs: Buf,
  cs: Buf,
  gates: Buf | null,
): void {
  const G = 4 * H;
  const z = new Float64Array(G);
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < T; t++) {
      const at = n * T + t;
      const [h, hOff] = t === 0 ? [h0, n * H] : [hs, (at - 1) * H];
      const [c, cOff] = t === 0 ? [c0, n * H] : [cs, (at - 1) * H];
      for (let g = 0; g < G; g++) {
        let sum = xg[at * G + g];
        for (let k = 0; k < H; k++) sum += h[hOff + k] * wHh[g * H + k];
        z[g] = sum;
      }
      for (let j = 0; j < H; j++) {
        const i = sigmoid(z[j]);
        const f = sigmoid(z[H + j]);
        const g = Math.tanh(z[2 * H + j]);
        const o = sigmoid(z[3 * H + j]);
        const cNext = f * c[cOff + j] + i * g;
        cs[at * H + j] = cNext;
        hs[at * H + j] = o * Math.tanh(cNext);
        if (gates) {
          gates[at * G + j] = i;
          gates[at * G + H + j] = f;
          gates[at * G + 2 * H + j] = g;
          gates[at * G + 3 * H + j] = o;
        }
      }
    }
  }
}

/**
 * Backward of lstmForward, backwards through time per sample: with dh = dhs[t] + dz_{t+1} W_hh and dc
 * carried from step t + 1 (dcT at the last step): dc += dh o (1 - tanh^2 c_t); dz_i = dc g i (1 - i),
 * dz_f = dc c_{t-1} f (1 - f), dz_g = dc i (1 - g^2), dz_o = dh tanh(c_t) o (1 - o); dc_{t-1} = dc f.
 * Writes dxg = dz; dh0, dc0 (the gradients reaching step -1) and dwHh = sum dz^T h_{t-1}, unless null.
 */
export function lstmBackward(
  dhs: Buf | null,
  dcT: Buf | null,
  gates: Buf,
  cs: Buf,
  hs: Buf,
  h0: Buf,
  c0: Buf,
  wHh: Buf,
  N: number,
  T: number,
  H: number,
  dxg: Buf,
  dh0: Buf | null,
  dc0: Buf | null,
  dwHh: Buf | null,
): void {
  const G = 4 * H;
  const dh = new Float64Array(H);
  const dhNext = new Float64Array(H);
  const dc = new Float64Array(H);
  const dz = new Float64Array(G);
  const dw = new Float64Array(G * H);
  for (let n = 0; n < N; n++) {
    dhNext.fill(0);
    for (let j = 0; j < H; j++) dc[j] = dcT ? dcT[n * H + j] : 0;
    for (let t = T - 1; t >= 0; t--) {
      const at = n * T + t;
      const [cPrev, cOff] = t === 0 ? [c0, n * H] : [cs, (at - 1) * H];
      const [hPrev, hOff] = t === 0 ? [h0, n * H] : [hs, (at - 1) * H];
      for (let j = 0; j < H; j++) {
        dh[j] = dhNext[j] + (dhs ? dhs[at * H + j] : 0);
        const i = gates[at * G + j];
        const f = gates[at * G + H + j];
        const g = gates[at * G + 2 * H + j];
        const o = gates[at * G + 3 * H + j];
        const tc = Math.tanh(cs[at * H + j]);
        const dcTotal = dc[j] + dh[j] * o * (1 - tc * tc);
        dz[j] = dcTotal * g * i * (1 - i);
        dz[H + j] = dcTotal * cPrev[cOff + j] * f * (1 - f);
        dz[2 * H + j] = dcTotal * i * (1 - g * g);
        dz[3 * H + j] = dh[j] * tc * o * (1 - o);
        dc[j] = dcTotal * f;
      }
      for (let g = 0; g < G; g++) {
        dxg[at * G + g] = dz[g];
        for (let k = 0; k < H; k++) dw[g * H + k] += dz[g] * hPrev[hOff + k];
      }
      for (let k = 0; k < H; k++) {
        let sum = 0;
        for (let g = 0; g < G; g++) sum += dz[g] * wHh[g * H + k];
        dhNext[k] = sum;
      }
    }
    for (let j = 0; j < H; j++) {
      if (dh0) dh0[n * H + j] = dhNext[j];
      if (dc0) dc0[n * H + j] = dc[j];
    }
  }
  if (dwHh) for (let i = 0; i < G * H; i++) dwHh[i] = dw[i];
}
