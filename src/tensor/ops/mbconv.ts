/**
 * The MBConv (inverted residual) block of EfficientNet (Tan & Le 2019; Sandler et al. 2018) as one op for
 * inference: expansion conv, depthwise conv, squeeze-excitation gate, projection conv and the residual,
 * every batch norm already folded into its conv (nn's fuseForInference). With a backend that has
 * mbconvForward and no gradient needed, the whole block is one kernel call that keeps each sample's
 * intermediate tensors in cache; otherwise it is composed from the differentiable ops.
 */
import { expected } from "../../errors.js";
import { kernelsFor } from "../backend.js";
import { ShapeError } from "../errors.js";
import type { MBConvParams, NormActivation } from "../kernels/kernels.js";
import { formatShape } from "../shape.js";
import { needsGrad } from "../tape.js";
import { emptyTensor, type Tensor } from "../tensor.js";
import { add, mul } from "./arithmetic.js";
import { checkSameDtype, checkTensor } from "./checks.js";
import { conv1d } from "./conv.js";
import { mean } from "./reduce.js";

/** One conv's folded weights: weight (C_out, C_in / groups, K) and bias (C_out) or null. */
export interface FoldedConv {
  weight: Tensor;
  bias: Tensor | null;
}

/** The weights of an MBConv block in inference form (see the file comment). */
export interface MBConvWeights {
  /** The 1x1 expansion (C_mid, C_in, 1), or null when the block does not expand (C_mid = C_in). */
  expand: FoldedConv | null;
  /** The depthwise conv (C_mid, 1, K), with its stride and (symmetric) zero padding. */
  depthwise: FoldedConv & { stride: number; padding: number };
  /** Squeeze-excitation: reduce (S, C_mid, 1) then SiLU, gate (C_mid, S, 1) then sigmoid; or null. */
  se: { reduce: FoldedConv; gate: FoldedConv } | null;
  /** The 1x1 projection (C_out, C_mid, 1), no activation. */
  project: FoldedConv;
  /** The activation after the expansion and the depthwise conv. */
  activation: NormActivation;
  /** Add the input to the output (needs C_out = C_in and stride 1). */
  residual: boolean;
}

/**
 * Returns the block's output (N, C_out, L_out), L_out = floor((L + 2 padding - K) / stride) + 1, for x
 * (N, C_in, L): y = project(d * gate(d)) (+ x), d = act(depthwise(act(expand(x)))). Gradients, when needed,
 * flow through the composed ops.
 */
export function mbconv(x: Tensor, w: MBConvWeights): Tensor {
  checkTensor("mbconv", "x", x);
  checkWeights(w);
  if (x.rank !== 3)
    throw new ShapeError(`mbconv: x must have shape [N, C_in, L], not ${formatShape(x.shape)}`);
  const [N, Cin, L] = x.shape;
  const Cmid = w.depthwise.weight.shape[0];
  const [Cout] = w.project.weight.shape;
  const K = w.depthwise.weight.shape[2];
  const { stride, padding } = w.depthwise;
  const S = w.se ? w.se.reduce.weight.shape[0] : 0;
  const expectShape = (name: string, t: Tensor | null, shape: number[]) => {
    if (t === null) return;
    checkTensor("mbconv", name, t);
    checkSameDtype("mbconv", x, t);
    if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i]))
      throw new ShapeError(
        `mbconv: ${name} must have shape ${formatShape(shape)}, not ${formatShape(t.shape)}`,
      );
  };
  expectShape("expand.weight", w.expand?.weight ?? null, [Cmid, Cin, 1]);
  expectShape("expand.bias", w.expand?.bias ?? null, [Cmid]);
  if (!w.expand && Cmid !== Cin)
    throw new ShapeError(
      `mbconv: without an expansion the depthwise conv must have ${Cin} channels, not ${Cmid}`,
    );
  expectShape("depthwise.weight", w.depthwise.weight, [Cmid, 1, K]);
  expectShape("depthwise.bias", w.depthwise.bias, [Cmid]);
  expectShape("se.reduce.weight", w.se?.reduce.weight ?? null, [S, Cmid, 1]);
  expectShape("se.reduce.bias", w.se?.reduce.bias ?? null, [S]);
  expectShape("se.gate.weight", w.se?.gate.weight ?? null, [Cmid, S, 1]);
  expectShape("se.gate.bias", w.se?.gate.bias ?? null, [Cmid]);
  expectShape("project.weight", w.project.weight, [Cout, Cmid, 1]);
  expectShape("project.bias", w.project.bias, [Cout]);
  const Lout = Math.floor((L + 2 * padding - K) / stride) + 1;
  if (!(Number.isInteger(stride) && stride >= 1 && Number.isInteger(padding) && padding >= 0) || Lout < 1)
    throw new ShapeError(
      `mbconv: the depthwise conv (K ${K}, stride ${stride}, padding ${padding}) does not fit length ${L}`,
    );
  if (w.residual && (Cout !== Cin || Lout !== L))
    throw new ShapeError(
      `mbconv: a residual block must keep the shape [N, ${Cin}, ${L}] but outputs [N, ${Cout}, ${Lout}]`,
    );
  const tensors = [
    x,
    w.expand?.weight,
    w.expand?.bias,
    w.depthwise.weight,
    w.depthwise.bias,
    w.project.weight,
  ];
  const more = [w.project.bias, w.se?.reduce.weight, w.se?.reduce.bias, w.se?.gate.weight, w.se?.gate.bias];
  const anyGrad = [...tensors, ...more].some((t) => t && needsGrad(t));
  const k = kernelsFor(x.dtype);
  if (anyGrad || !k.mbconvForward) return composed(x, w);
  const y = emptyTensor([N, Cout, Lout], x.dtype);
  const data = (t: Tensor | null | undefined) => (t ? t.data : null);
  const p: MBConvParams = {
    ...{ N, Cin, L, Cmid, Cout, K, stride, padLeft: padding, Lout, S },
    activation: w.activation,
    residual: w.residual,
    expandWeight: data(w.expand?.weight),
    expandBias: data(w.expand?.bias),
    depthwiseWeight: w.depthwise.weight.data,
    depthwiseBias: data(w.depthwise.bias),
    reduceWeight: data(w.se?.reduce.weight),
    reduceBias: data(w.se?.reduce.bias),
    gateWeight: data(w.se?.gate.weight),
    gateBias: data(w.se?.gate.bias),
    projectWeight: w.project.weight.data,
    projectBias: data(w.project.bias),
  };
  k.mbconvForward(x.data, y.data, p);
  return y;
}

/** Throws a ShapeError unless w has the fields of MBConvWeights (the tensors are checked with their shapes). */
function checkWeights(w: MBConvWeights): void {
  const isObject = (v: unknown) => typeof v === "object" && v !== null;
  const conv = (v: unknown) => isObject(v) && isObject((v as FoldedConv).weight);
  const fields = "{ expand, depthwise, se, project, activation, residual }";
  if (!isObject(w))
    throw new ShapeError(`mbconv: ${expected(`the block's weights ${fields}`, "weights", w)}`);
  const bad =
    (w.expand !== null && !conv(w.expand)) ||
    !conv(w.depthwise) ||
    !conv(w.project) ||
    (w.se !== null && !(isObject(w.se) && conv(w.se.reduce) && conv(w.se.gate)));
  if (bad) throw new ShapeError(`mbconv: weights must hold ${fields} with { weight, bias } convs`);
  if (w.activation !== "silu" && w.activation !== "relu")
    throw new ShapeError(`mbconv: ${expected('"silu" or "relu"', "activation", w.activation)}`);
  if (typeof w.residual !== "boolean")
    throw new ShapeError(`mbconv: ${expected("a boolean", "residual", w.residual)}`);
}

/** The block composed from differentiable ops (the definition the fused kernel follows). */
function composed(x: Tensor, w: MBConvWeights): Tensor {
  const { activation } = w;
  const e = w.expand ? conv1d(x, w.expand.weight, w.expand.bias, { activation }) : x;
  const { weight, bias, stride, padding } = w.depthwise;
  let d = conv1d(e, weight, bias, { stride, padding, groups: weight.shape[0], activation });
  if (w.se) {
    const squeezed = conv1d(mean(d, 2, true), w.se.reduce.weight, w.se.reduce.bias, { activation: "silu" });
    d = mul(d, conv1d(squeezed, w.se.gate.weight, w.se.gate.bias, { activation: "sigmoid" }));
  }
  const y = conv1d(d, w.project.weight, w.project.bias);
  return w.residual ? add(x, y) : y;
}
