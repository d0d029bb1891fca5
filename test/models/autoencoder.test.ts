import { describe, expect, it } from "vitest";
import { LstmAutoencoder } from "../../src/models/autoencoder.js";
import { Generator, Tensor } from "../../src/tensor/index.js";

describe("LstmAutoencoder", () => {
  const ae = new LstmAutoencoder({
    steps: 16,
    features: 8,
    hidden: 32,
    latent: 12,
    generator: new Generator(1),
  });
  const sequence = Tensor.randn([5, 16, 8], { generator: new Generator(2) });

  it("encodes (N, steps, features) to (N, latent) and decodes back to (N, steps, features)", () => {
    const code = ae.encode(sequence);
    expect(code.shape).toEqual([5, 12]);
    expect(ae.decode(code).shape).toEqual([5, 16, 8]);
    const [c, reconstruction] = ae.forward(sequence);
    expect(c.shape).toEqual([5, 12]);
    expect(reconstruction.shape).toEqual([5, 16, 8]);
    expect(Array.from(c.data)).toEqual(Array.from(code.data));
  });

  it("sends gradients to every parameter through the reconstruction loss", () => {
    const [, reconstruction] = ae.forward(sequence);
    reconstruction.sub(sequence).pow(2).mean().backward();
    const names = ae
      .namedParameters()
      .filter(([, p]) => p.grad === null)
      .map(([n]) => n);
    expect(names).toEqual([]);
  });
});
