/**
 * The kernel contract: every numeric loop the tensor engine runs goes through one object of this shape.
 *
 * Two implementations exist:
 * - `reference.ts`: plain TypeScript, generic over Float32Array and Float64Array. It is the living
 *   definition of each kernel, the oracle of every parity test, and the fallback when the addon is absent.
 * - `native.ts`: the C addon (native/), Float32Array only, vectorised and multi-threaded.
 *
 * Conventions shared by all kernels:
 * - Buffers are dense and row-major ("C order"); shapes and sizes are plain integers.
 * - Every kernel WRITES its outputs completely unless it takes an `accumulate` flag, in which case it
 *   ADDS into the output (used to sum gradients without a temporary).
 * - Kernels never allocate their outputs and never validate: the op layer (src/tensor/ops) checks shapes
 *   and dtypes first and throws a ShapeError naming the op and the rule.
 * - Conv and pool layouts are (N, C, L) as in PyTorch; weights (C_out, C_in / groups, K).
 *
 * Kernels added after the contract (interface ExtraKernels at the end; a backend may omit any of them and
 * the backend layer fills the gaps from the reference kernels, so the C side can add them when it wants):
 * - pow / powBackward: y = x^p for a scalar exponent p (Tensor.pow).
 * - clamp / clampBackward: y = min(max(x, lo), hi) (Tensor.clamp).
 * - maskedFill: out[i] = mask[i] != 0 ? value : x[i] (maskedFill forward, and its backward with value 0).
 * - adamwStep: one AdamW update of a parameter and its two moments (src/optim/adamw.ts).
 *
 * Fused kernels (interface FusedKernels, all optional): the ops use one when the backend has it and compose
 * the unfused kernels otherwise; the backend layer does NOT fill them from the reference (a fused TypeScript
 * loop would be slower than two native kernels). The reference kernels implement them, as the oracle.
 * - batchNormAct / batchNormActBackward: act(batchNorm(x)) for act = SiLU or ReLU in one pass, without
 *   storing the normalised tensor (the backward recomputes it from x and the saved mean and invstd).
 * - conv1dAct: act(conv1d(x, w) + bias), the activation applied as the output is stored (inference).
 * - conv1dGated / conv1dGatedBackwardWeight: a pointwise conv of x * scale (a squeeze-excitation gate per
 *   sample and channel) without storing the gated input.
 * - rowScaleBackward: both gradients of y[r, i] = x[r, i] * s[r] (a squeeze-excitation gate) in one pass.
 * - lstmForward / lstmBackward: one LSTM layer's recurrence over a whole sequence in one call.
 * - mbconvForward: a whole MBConv block's inference forward (batch norms folded), one sample at a time.
 * - depthwiseNormAct / depthwiseNormActBackward: the middle of an MBConv block in training, act(batchNorm(
 *   depthwise conv(act(batchNorm(x))))), one channel at a time, storing neither intermediate tensor.
 */

/** A dense buffer of one dtype. Native kernels accept Float32Array only. */
export type Buf = Float32Array | Float64Array;

/** Elementwise functions y = f(x). GELU is the exact erf form (PyTorch's default). */
export type UnaryOp = "neg" | "exp" | "log" | "sqrt" | "abs" | "relu" | "silu" | "gelu" | "sigmoid" | "tanh";

/** Elementwise functions of two broadcast operands. */
export type BinaryOp = "add" | "sub" | "mul" | "div" | "max" | "min";

/** Reductions over the middle axis of an (outer, n, inner) view. */
export type ReduceOp = "sum" | "mean" | "max";

export interface Kernels {
  /** "reference" or "native"; shown by backendInfo() and `efficientecg doctor`. */
  readonly name: string;
  /** Sets how many threads kernels may use (reference: ignored, always 1). Returns the count in effect. */
  setThreads(n: number): number;

  // ---- elementwise -------------------------------------------------------------------------------
  /** out[i] = f(x[i]). `out` may alias `x`. */
  unary(op: UnaryOp, x: Buf, out: Buf): void;
  /**
   * dx[i] (+)= f'(x[i]) * dy[i]. `y` is the forward output f(x) (kernels use whichever of x, y is cheaper,
   * e.g. sigmoid and tanh use y, relu/silu/gelu use x).
   */
  unaryBackward(op: UnaryOp, x: Buf, y: Buf, dy: Buf, dx: Buf, accumulate: boolean): void;
  /**
   * out = a (op) b with broadcasting. `outShape` has rank r; `aStrides` and `bStrides` are the strides
   * (in elements) of a and b viewed at rank r, with 0 on broadcast axes. `out` is dense in `outShape`.
   */
  binary(
    op: BinaryOp,
    a: Buf,
    aStrides: Int32Array,
    b: Buf,
    bStrides: Int32Array,
    out: Buf,
    outShape: Int32Array,
  ): void;
  /** out[i] = alpha * x[i] + beta (scalar affine; covers scale, shift, x*s, x+s). `out` may alias `x`. */
  affine(x: Buf, alpha: number, beta: number, out: Buf): void;
  /** y[i] += alpha * x[i] (gradient accumulation, optimizer updates). */
  axpy(alpha: number, x: Buf, y: Buf): void;

  // ---- reductions --------------------------------------------------------------------------------
  /**
   * out[o, i] = reduce_j x[o, j, i] over x viewed as (outer, n, inner); out is (outer, inner).
   * For "max", `argmax` (if given) receives j of the first maximum, as needed by the backward pass.
   */
  reduce(op: ReduceOp, x: Buf, outer: number, n: number, inner: number, out: Buf, argmax?: Int32Array): void;

  // ---- movement ----------------------------------------------------------------------------------
  /**
   * Strided copy of an n-d block: dst[dstOffset + sum(i_k * dstStrides[k])] (+)= src[srcOffset + sum(i_k *
   * srcStrides[k])] for every index i < shape. Covers permute/transpose, slice, concat, pad and their
   * backward passes (accumulate = true).
   */
  copyStrided(
    src: Buf,
    srcOffset: number,
    srcStrides: Int32Array,
    dst: Buf,
    dstOffset: number,
    dstStrides: Int32Array,
    shape: Int32Array,
    accumulate: boolean,
  ): void;
  /** out[r, :] = table[index[r], :] for a (rows, dim) table; backward of embedding is scatterAdd. */
  gatherRows(table: Buf, dim: number, index: Int32Array, out: Buf): void;
  /** table[index[r], :] += src[r, :] (duplicates accumulate in order r = 0, 1, ...). */
  scatterAddRows(src: Buf, dim: number, index: Int32Array, table: Buf): void;

  // ---- matrix multiply ---------------------------------------------------------------------------
  /**
   * Batched GEMM: for b < batch, C_b = alpha * op(A_b) @ op(B_b) + beta * C_b, where op(A) is (M, K) and
   * op(B) is (K, N); transA/transB say the stored matrix is the transpose. Batch strides are in elements;
   * a stride of 0 broadcasts that operand over the batch. beta = 0 must ignore C's old contents (NaN-safe).
   */
  gemm(
    transA: boolean,
    transB: boolean,
    batch: number,
    M: number,
    N: number,
    K: number,
    alpha: number,
    A: Buf,
    strideA: number,
    B: Buf,
    strideB: number,
    beta: number,
    C: Buf,
    strideC: number,
  ): void;

  // ---- convolution and pooling (N, C, L) ---------------------------------------------------------
  /** y (N, Cout, Lout) = conv1d(x (N, Cin, Lin), w (Cout, Cin/groups, K)) + bias (Cout) if given. */
  conv1d(x: Buf, w: Buf, bias: Buf | null, y: Buf, p: Conv1dParams): void;
  /** dx (N, Cin, Lin) (+)= gradient of conv1d w.r.t. x. */
  conv1dBackwardInput(dy: Buf, w: Buf, dx: Buf, p: Conv1dParams, accumulate: boolean): void;
  /** dw (Cout, Cin/groups, K) (+)= gradient w.r.t. w; dbias (Cout) (+)= sum of dy over N and L if given. */
  conv1dBackwardWeight(
    dy: Buf,
    x: Buf,
    dw: Buf,
    dbias: Buf | null,
    p: Conv1dParams,
    accumulate: boolean,
  ): void;
  /** y (N, C, Lout) = max or average pool; for max, argmax receives the input position (0..Lin-1). */
  pool1d(kind: "max" | "avg", x: Buf, y: Buf, p: Pool1dParams, argmax: Int32Array | null): void;
  /** dx (N, C, Lin) += pool backward (max uses argmax; avg spreads dy / K, count_include_pad = true). */
  pool1dBackward(kind: "max" | "avg", dy: Buf, dx: Buf, p: Pool1dParams, argmax: Int32Array | null): void;

  // ---- normalisation and softmax -----------------------------------------------------------------
  /**
   * Batch norm over (N, C, L) per channel. training: computes mean and biased variance over N and L, writes
   * them to `mean` and `invstd` (1/sqrt(var + eps)) and updates runningMean/runningVar (unbiased variance)
   * with `momentum` as in PyTorch. eval: uses running stats and writes mean/invstd from them.
   * y = (x - mean) * invstd * gamma + beta. gamma/beta may be null (affine = false).
   */
  batchNorm(x: Buf, y: Buf, p: BatchNormParams): void;
  /** dx, dgamma, dbeta of batch norm, given the saved mean and invstd (dgamma/dbeta accumulate). */
  batchNormBackward(
    dy: Buf,
    x: Buf,
    dx: Buf,
    dgamma: Buf | null,
    dbeta: Buf | null,
    p: BatchNormParams,
    accumulate: boolean,
  ): void;
  /** Layer norm over the last axis of (rows, dim): y = (x - mean) * rstd * gamma + beta; saves mean, rstd. */
  layerNorm(
    x: Buf,
    rows: number,
    dim: number,
    gamma: Buf | null,
    beta: Buf | null,
    eps: number,
    y: Buf,
    mean: Buf,
    rstd: Buf,
  ): void;
  /** dx (+)=, dgamma +=, dbeta += for layer norm given the saved mean and rstd. */
  layerNormBackward(
    dy: Buf,
    x: Buf,
    rows: number,
    dim: number,
    gamma: Buf | null,
    mean: Buf,
    rstd: Buf,
    dx: Buf,
    dgamma: Buf | null,
    dbeta: Buf | null,
    accumulate: boolean,
  ): void;
  /** Softmax (or log-softmax) over the last axis of (rows, dim), max-subtracted for stability. */
  softmax(x: Buf, rows: number, dim: number, y: Buf, log: boolean): void;
  /** dx (+)= backward of softmax/log-softmax given its output y. */
  softmaxBackward(
    dy: Buf,
    y: Buf,
    rows: number,
    dim: number,
    dx: Buf,
    log: boolean,
    accumulate: boolean,
  ): void;
}

export interface Conv1dParams {
  N: number;
  Cin: number;
  Lin: number;
  Cout: number;
  K: number;
  Lout: number;
  stride: number;
  /** Zero padding on the left; right padding is implied by Lout. ("same" padding resolves to this.) */
  padLeft: number;
  dilation: number;
  groups: number;
}

export interface Pool1dParams {
  /** N * C: pooling is independent per (batch, channel) row. */
  rows: number;
  Lin: number;
  K: number;
  Lout: number;
  stride: number;
  padLeft: number;
}

export interface BatchNormParams {
  N: number;
  C: number;
  L: number;
  eps: number;
  momentum: number;
  training: boolean;
  gamma: Buf | null;
  beta: Buf | null;
  runningMean: Buf | null;
  runningVar: Buf | null;
  /** Outputs in training, inputs in eval: per-channel mean and 1/sqrt(var + eps) (length C). */
  mean: Buf;
  invstd: Buf;
}

/**
 * An MBConv (inverted residual) block in inference form, every batch norm folded into its conv:
 *   e = act(We x + be) (no expansion: e = x); d = act(depthwise(e) + bd);
 *   s = sigmoid(Wx silu(Wr mean_L(d) + br) + bx) (S = 0: no squeeze-excitation, s = 1);
 *   y = Wp (d * s) + bp (+ x when residual).
 * x (N, Cin, L) -> y (N, Cout, Lout); weights are dense: We (Cmid, Cin), Wd (Cmid, K), Wr (S, Cmid),
 * Wx (Cmid, S), Wp (Cout, Cmid); biases (their rows) or null. The depthwise conv has stride and padLeft
 * (zeros outside [0, L)).
 */
export interface MBConvParams {
  N: number;
  Cin: number;
  L: number;
  Cmid: number;
  Cout: number;
  K: number;
  stride: number;
  padLeft: number;
  Lout: number;
  S: number;
  activation: NormActivation;
  residual: boolean;
  expandWeight: Buf | null;
  expandBias: Buf | null;
  depthwiseWeight: Buf;
  depthwiseBias: Buf | null;
  reduceWeight: Buf | null;
  reduceBias: Buf | null;
  gateWeight: Buf | null;
  gateBias: Buf | null;
  projectWeight: Buf;
  projectBias: Buf | null;
}

/**
 * The middle of an MBConv block in training: y = act(outNorm(depthwise(act(inNorm(x)), w))), or without
 * inNorm y = act(outNorm(depthwise(x, w))). x (N, C, Lin), w (C, 1, K) (no bias), y (N, C, Lout). Both batch
 * norms use batch statistics as `batchNorm` in training (their `training` flag is ignored): inNorm has L = Lin,
 * outNorm L = Lout; the forward writes their mean and invstd and updates their running statistics.
 */
export interface DepthwiseNormParams {
  N: number;
  C: number;
  Lin: number;
  K: number;
  Lout: number;
  stride: number;
  padLeft: number;
  dilation: number;
  activation: NormActivation;
  inNorm: BatchNormParams | null;
  outNorm: BatchNormParams;
}

/** Kernels added by the tensor core after the contract; the reference backend fills any a backend omits. */
export interface ExtraKernels {
  /** out[i] = x[i] ** p. `out` may alias `x`. */
  pow(x: Buf, p: number, out: Buf): void;
  /** dx[i] (+)= p * x[i] ** (p - 1) * dy[i]. */
  powBackward(x: Buf, p: number, dy: Buf, dx: Buf, accumulate: boolean): void;
  /** out[i] = min(max(x[i], lo), hi); lo = -Infinity or hi = Infinity leave that side open. */
  clamp(x: Buf, lo: number, hi: number, out: Buf): void;
  /** dx[i] (+)= dy[i] where lo <= x[i] <= hi, else 0 (PyTorch's convention at the bounds). */
  clampBackward(x: Buf, lo: number, hi: number, dy: Buf, dx: Buf, accumulate: boolean): void;
  /** out[i] = mask[i] !== 0 ? value : x[i] for dense x, mask and out of one length. `out` may alias `x`. */
  maskedFill(x: Buf, mask: Buf, value: number, out: Buf): void;
  /**
   * One AdamW update in place, for every i of p, grad, m and v (one length): m = beta1 m + (1 - beta1) g;
   * v = beta2 v + (1 - beta2) g^2; p = p decay - stepSize m / (sqrt(v) / correction2Sqrt + eps), with the
   * moments' stored values used in p's update.
   */
  adamwStep(p: Buf, grad: Buf, m: Buf, v: Buf, h: AdamWStep): void;
}

/** The scalars of one AdamW step (src/optim/adamw.ts derives them from lr, betas, eps and the step count). */
export interface AdamWStep {
  /** 1 - lr * weightDecay */
  decay: number;
  beta1: number;
  beta2: number;
  /** lr / (1 - beta1^t) */
  stepSize: number;
  /** sqrt(1 - beta2^t) */
  correction2Sqrt: number;
  eps: number;
}

/** An activation fused after batch norm. */
export type NormActivation = "silu" | "relu";

/** An activation fused after a convolution. */
export type ConvActivation = "silu" | "relu" | "sigmoid";

/** Optional fused kernels (see the header): absent ones are composed from the unfused kernels by the ops. */
export interface FusedKernels {
  /** y = act((x - mean) * invstd * gamma + beta), batch norm exactly as `batchNorm` (stats, running stats). */
  batchNormAct?(x: Buf, y: Buf, p: BatchNormParams, activation: NormActivation): void;
  /**
   * dx (+)=, dgamma +=, dbeta += of act(batchNorm(x)) given dy of the activation's output: recomputes
   * u = (x - mean) * invstd * gamma + beta, takes du = dy * act'(u), then proceeds as batchNormBackward.
   */
  batchNormActBackward?(
    dy: Buf,
    x: Buf,
    dx: Buf,
    dgamma: Buf | null,
    dbeta: Buf | null,
    p: BatchNormParams,
    activation: NormActivation,
    accumulate: boolean,
  ): void;
  /** y (N, Cout, Lout) = act(conv1d(x, w) + bias): conv1d, then the activation, in one pass over y. */
  conv1dAct?(x: Buf, w: Buf, bias: Buf | null, y: Buf, p: Conv1dParams, activation: ConvActivation): void;
  /**
   * y (N, Cout, L) = conv1d(x * scale, w) + bias for a pointwise conv (K = 1, stride 1, no padding, groups 1),
   * scale (N, Cin) multiplying x's channels per sample.
   */
  conv1dGated?(x: Buf, scale: Buf, w: Buf, bias: Buf | null, y: Buf, p: Conv1dParams): void;
  /** dw (+)= the gradient of conv1dGated w.r.t. w, sum_n dy_n (x_n * scale_n)^T; dbias (+)= sum of dy. */
  conv1dGatedBackwardWeight?(
    dy: Buf,
    x: Buf,
    scale: Buf,
    dw: Buf,
    dbias: Buf | null,
    p: Conv1dParams,
    accumulate: boolean,
  ): void;
  /**
   * Backward of y[r, i] = x[r, i] * s[r] over (rows, n): dx (+)= dy * s[r] (accumulate) and ds[r] = sum_i
   * dy[r, i] * x[r, i] (always written); either output may be null.
   */
  rowScaleBackward?(
    dy: Buf,
    x: Buf,
    s: Buf,
    dx: Buf | null,
    ds: Buf | null,
    rows: number,
    n: number,
    accumulate: boolean,
  ): void;
  /**
   * One LSTM layer over a sequence, PyTorch's gate order i, f, g, o. For every sample n and step t:
   * z = xg[n, t] + h_{t-1} W_hh^T; i, f, o = sigmoid(z_i, z_f, z_o), g = tanh(z_g); c_t = f c_{t-1} + i g;
   * h_t = o tanh(c_t). xg (N, T, 4H) is the input projection; h0, c0 (N, H); wHh (4H, H). Writes hs and cs
   * (N, T, H: every step's h and c) and, unless null, gates (N, T, 4H: i, f, g, o after their activations).
   */
  lstmForward?(
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
  ): void;
  /**
   * Backward of lstmForward given dhs (N, T, H: the gradient of every h_t, or null for none) and dcT (N, H:
   * the gradient of the last c, or null): writes dxg (N, T, 4H: the gradient of the pre-activations, which is
   * that of xg), and unless null dh0, dc0 (N, H) and dwHh (4H, H); all written, never accumulated.
   */
  lstmBackward?(
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
  ): void;
  /** y (N, Cout, Lout) = the MBConv block of p applied to x (N, Cin, L); inference only (no backward). */
  mbconvForward?(x: Buf, y: Buf, p: MBConvParams): void;
  /** y (N, C, Lout) = act(outNorm(depthwise(act(inNorm(x)), w))) of p (see DepthwiseNormParams). */
  depthwiseNormAct?(x: Buf, w: Buf, y: Buf, p: DepthwiseNormParams): void;
  /**
   * Backward of depthwiseNormAct given dy and the statistics its forward saved in p: dx (+)= (accumulate);
   * dw, dgammaIn, dbetaIn, dgammaOut, dbetaOut += (each may be null; the In ones are ignored without inNorm).
   */
  depthwiseNormActBackward?(
    dy: Buf,
    x: Buf,
    w: Buf,
    dx: Buf,
    dw: Buf | null,
    dgammaIn: Buf | null,
    dbetaIn: Buf | null,
    dgammaOut: Buf | null,
    dbetaOut: Buf | null,
    p: DepthwiseNormParams,
    accumulate: boolean,
  ): void;
}

/** The full kernel set the ops call: the contract, the added kernels and the optional fused ones. */
export type EngineKernels = Kernels & ExtraKernels & FusedKernels;
