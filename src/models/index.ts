/** The models layer: EfficientECG and its parts (1D EfficientNet, MBConv, LSTM autoencoder, cross-attention fusion). */
export * from "./autoencoder.js";
export * from "./efficientecg.js";
export * from "./efficientnet.js";
export * from "./fusion.js";
export * from "./mbconv.js";
