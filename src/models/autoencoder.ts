/**
 * The LSTM autoencoder that encodes a per-beat feature sequence (R-peak or P-wave features) into a fixed-size
 * code (the paper's Fig. 2: "the obtained P-wave and R-peak feature are extracted by LSTM AutoEncoder").
 *
 *   encoder: LSTM over the sequence -> last hidden state -> linear -> code (the latent vector)
 *   decoder: LSTM over the code repeated at every step -> linear -> reconstructed sequence
 */
import { Linear, LSTM, Module, type ParameterOptions } from "../nn/index.js";
import type { Tensor } from "../tensor/index.js";

/** Sizes of an LSTM autoencoder. */
export interface AutoencoderOptions extends ParameterOptions {
  /** Sequence length (beats per window). */
  steps: number;
  /** Features per step. */
  features: number;
  hidden: number;
  latent: number;
}

/** (N, steps, features) -> [code (N, latent), reconstruction (N, steps, features)]. */
export class LstmAutoencoder extends Module {
  readonly steps: number;
  readonly encoder: LSTM;
  readonly toLatent: Linear;
  readonly decoder: LSTM;
  readonly toFeatures: Linear;

  constructor(options: AutoencoderOptions) {
    super();
    const { steps, features, hidden, latent, ...parameterOptions } = options;
    const lstm = { ...parameterOptions, batchFirst: true };
    this.steps = steps;
    this.encoder = this.registerModule("encoder", new LSTM(features, hidden, lstm));
    this.toLatent = this.registerModule("to_latent", new Linear(hidden, latent, parameterOptions));
    this.decoder = this.registerModule("decoder", new LSTM(latent, hidden, lstm));
    this.toFeatures = this.registerModule("to_features", new Linear(hidden, features, parameterOptions));
  }

  /** Returns the code of each sequence (N, latent). */
  encode(sequence: Tensor): Tensor {
    const [, [h]] = this.encoder.forward(sequence);
    return this.toLatent.forward(h.squeeze(0));
  }

  /** Returns the reconstruction (N, steps, features) of codes (N, latent). */
  decode(code: Tensor): Tensor {
    const [n, latent] = code.shape;
    const [out] = this.decoder.forward(code.unsqueeze(1).expand([n, this.steps, latent]));
    return this.toFeatures.forward(out);
  }

  /** Returns [code, reconstruction]; train with MSE(reconstruction, sequence). */
  forward(sequence: Tensor): [Tensor, Tensor] {
    const code = this.encode(sequence);
    return [code, this.decode(code)];
  }
}
