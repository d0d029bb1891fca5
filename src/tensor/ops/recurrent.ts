/**
 * The LSTM recurrence of one layer over a whole sequence, PyTorch's equations and gate order (torch.nn.LSTM):
 *   i, f, g, o = split(xg_t + h_{t-1} W_hh^T, 4), xg_t = x_t W_ih^T + b (the caller's input projection)
 *   c_t = sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(g);   h_t = sigmoid(o) * tanh(c_t)
 * With a backend that has lstmForward/lstmBackward the whole sequence is one kernel call each way (the
 * gates and cells are saved for the backward); otherwise the steps are composed from differentiable ops.
 */
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import { addGrad } from "../grad.js";
import { formatShape } from "../shape.js";
import { attach, needsGrad } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { add, mul } from "./arithmetic.js";
import { checkSameDtype, checkTensor } from "./checks.js";
import { sigmoid, tanh } from "./elementwise.js";
import { linear } from "./matmul.js";
import { reshape, slice, stack } from "./movement.js";

/**
 * Returns [output (N, T, H): h at every step, cellState (N, H): the last c] of one LSTM layer, given the input
 * projection of every step `projected` (N, T, 4H), the initial h0 and c0 (N, H) and W_hh (4H, H). Gradients
 * flow to all four inputs (projected's is that of the gates' pre-activations).
 */
export function lstmLayer(projected: Tensor, h0: Tensor, c0: Tensor, weightHh: Tensor): [Tensor, Tensor] {
  for (const [name, t] of Object.entries({ projected, h0, c0, weightHh })) {
    checkTensor("lstmLayer", name, t);
    checkSameDtype("lstmLayer", projected, t);
  }
  if (weightHh.rank !== 2 || weightHh.shape[0] !== 4 * weightHh.shape[1])
    throw new ShapeError(`lstmLayer: weightHh must have shape [4H, H], not ${formatShape(weightHh.shape)}`);
  const H = weightHh.shape[1];
  if (projected.rank !== 3 || projected.shape[2] !== 4 * H || projected.shape[1] < 1)
    throw new ShapeError(
      `lstmLayer: projected must have shape [N, T, ${4 * H}] with T >= 1, not ${formatShape(projected.shape)}`,
    );
  const [N, T] = projected.shape;
  for (const [name, t] of Object.entries({ h0, c0 })) {
    if (t.rank !== 2 || t.shape[0] !== N || t.shape[1] !== H)
      throw new ShapeError(`lstmLayer: ${name} must have shape [${N}, ${H}], not ${formatShape(t.shape)}`);
  }
  const k = kernelsFor(projected.dtype);
  if (!(k.lstmForward && k.lstmBackward)) return composedLayer(projected, h0, c0, weightHh);
  const grad = needsGrad(projected, h0, c0, weightHh);
  const output = emptyTensor([N, T, H], projected.dtype);
  const cells = emptyTensor([N, T, H], projected.dtype); // every step's c, released with the scope
  const gates = grad ? emptyTensor([N, T, 4 * H], projected.dtype) : null;
  const [xg, h, c, w] = [projected.data, h0.data, c0.data, weightHh.data];
  k.lstmForward(xg, h, c, w, N, T, H, output.data, cells.data, gates ? gates.data : null);
  const cellState = emptyTensor([N, H], projected.dtype);
  for (let n = 0; n < N; n++) {
    const last = (n * T + T - 1) * H;
    cellState.data.set(cells.data.subarray(last, last + H), n * H);
  }
  if (!grad || !gates) return [output, cellState];
  const inputs = [projected, h0, c0, weightHh];
  /** Runs the backward recurrence from the gradient of the outputs or of the last c, adding to each input's. */
  const backward = (dhs: Tensor | null, dcT: Tensor | null) => {
    const dxg = emptyTensor(projected.shape, projected.dtype, false);
    const dh0 = h0.requiresGrad ? emptyTensor(h0.shape, h0.dtype, false) : null;
    const dc0 = c0.requiresGrad ? emptyTensor(c0.shape, c0.dtype, false) : null;
    const dw = weightHh.requiresGrad ? emptyTensor(weightHh.shape, weightHh.dtype, false) : null;
    k.lstmBackward!(
      dhs ? dhs.data : null,
      dcT ? dcT.data : null,
      gates.data,
      cells.data,
      output.data,
      h,
      c,
      w,
      N,
      T,
      H,
      dxg.data,
      dh0 ? dh0.data : null,
      dc0 ? dc0.data : null,
      dw ? dw.data : null,
    );
    for (const [input, g] of [
      [projected, dxg],
      [h0, dh0],
      [c0, dc0],
      [weightHh, dw],
    ] as const) {
      if (g === null) continue;
      if (input.requiresGrad) addGrad(input, g);
      g.dispose();
    }
  };
  // NOTE: output and cellState are two results of one recurrence; each gets its own node, and since the
  // backward is linear in (d output, d cellState), running it once per result that received a gradient adds
  // up to the joint gradient. The last c rarely gets one, so this usually runs once.
  attach(output, "lstm", inputs, (dy) => backward(dy, null));
  attach(cellState, "lstm (last cell state)", inputs, (dy) => backward(null, dy));
  return [output, cellState];
}

/** The same recurrence composed from differentiable ops, one step at a time (backends without the kernels). */
function composedLayer(projected: Tensor, h0: Tensor, c0: Tensor, weightHh: Tensor): [Tensor, Tensor] {
  const [n, steps] = projected.shape;
  const hidden = weightHh.shape[1];
  let [h, c] = [h0, c0];
  const outputs: Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const gates = add(reshape(slice(projected, 1, t, t + 1), [n, 4 * hidden]), linear(h, weightHh));
    // One sigmoid over all four gates is cheaper than three over slices; only g's slice is wasted.
    const sigmoids = sigmoid(gates);
    const i = slice(sigmoids, 1, 0, hidden);
    const f = slice(sigmoids, 1, hidden, 2 * hidden);
    const g = tanh(slice(gates, 1, 2 * hidden, 3 * hidden));
    const o = slice(sigmoids, 1, 3 * hidden, 4 * hidden);
    c = add(mul(f, c), mul(i, g));
    h = mul(o, tanh(c));
    outputs.push(h);
  }
  return [stack(outputs, 1), c];
}
