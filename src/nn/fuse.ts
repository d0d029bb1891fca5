/**
 * fuseForInference: folds every batch norm that follows a convolution into the convolution, for inference,
 * as torch.ao.quantization.fuse_modules and ONNX exporters do. In eval mode a batch norm is an affine map
 * per channel, y = (z - mean) a + beta with a = gamma / sqrt(var + eps), so conv + batch norm is one conv
 * with weights W a (per output channel) and bias (b - mean) a + beta; the batch norm's fused activation
 * becomes the conv's, applied as the conv stores its output.
 */
import { Generator, noGrad } from "../tensor/index.js";
import { Sequential } from "./container.js";
import { Conv1d } from "./conv.js";
import { ModuleError } from "./errors.js";
import { Identity } from "./linear.js";
import type { Module } from "./module.js";
import { BatchNorm1d } from "./norm.js";

/** Returns a Conv1d computing act(bn(conv(x))) with bn's running statistics (eval mode). */
export function fuseConvBatchNorm(conv: Conv1d, bn: BatchNorm1d): Conv1d {
  const { weight, runningMean, runningVar } = bn;
  if (!runningMean || !runningVar)
    throw new ModuleError("fuseConvBatchNorm: the batch norm has no running statistics to fold");
  if (bn.numFeatures !== conv.outChannels)
    throw new ModuleError(
      `fuseConvBatchNorm: the batch norm has ${bn.numFeatures} channels but the conv ${conv.outChannels} outputs`,
    );
  const fused = new Conv1d(conv.inChannels, conv.outChannels, conv.kernelSize, {
    stride: conv.stride,
    padding: conv.padding,
    dilation: conv.dilation,
    groups: conv.groups,
    bias: true,
    activation: bn.activation,
    dtype: conv.weight.dtype,
    // its initial values are overwritten: draw them from a private generator, not the process-wide one
    generator: new Generator(0),
  });
  const perChannel = conv.weight.size / conv.outChannels;
  noGrad(() => {
    for (let c = 0; c < conv.outChannels; c++) {
      // float64 arithmetic on float32 values, one rounding at the end
      const a = (weight ? weight.data[c] : 1) / Math.sqrt(runningVar.data[c] + bn.eps);
      for (let i = c * perChannel; i < (c + 1) * perChannel; i++)
        fused.weight.data[i] = conv.weight.data[i] * a;
      const b = conv.bias ? conv.bias.data[c] : 0;
      fused.bias!.data[c] = (b - runningMean.data[c]) * a + (bn.bias ? bn.bias.data[c] : 0);
    }
  });
  return fused.eval();
}

/**
 * Returns `model`, changed in place for inference: in eval mode, and in every Sequential each Conv1d directly
 * followed by a BatchNorm1d with running statistics replaced by fuseConvBatchNorm(conv, bn), the batch norm by
 * an Identity (so layer indices keep their meaning). The outputs equal the eval-mode outputs before fusion up
 * to float rounding; the state dict changes (no batch-norm entries, conv biases), so save weights before.
 */
export function fuseForInference<M extends Module>(model: M): M {
  model.eval();
  for (const module of model.modules()) {
    if (!(module instanceof Sequential)) continue;
    for (let i = 0; i + 1 < module.length; i++) {
      const [conv, bn] = [module.at(i), module.at(i + 1)];
      if (!(conv instanceof Conv1d) || !(bn instanceof BatchNorm1d) || conv.activation !== null) continue;
      if (!bn.runningMean || !bn.runningVar) continue;
      module.set(i, fuseConvBatchNorm(conv, bn));
      module.set(i + 1, new Identity().eval());
    }
  }
  return model;
}
