/** The models layer: the EfficientECG building blocks (MBConv with squeeze-excitation, the LSTM autoencoder). */
export * from "./autoencoder.js";
export * from "./mbconv.js";
