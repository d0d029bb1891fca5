/**
 * Zeros-poles-gain filter design steps, ported from `scipy.signal` (`buttap`, `lp2lp_zpk`, `lp2hp_zpk`,
 * `lp2bp_zpk`, `lp2bs_zpk`, `bilinear_zpk` in scipy/signal/_filter_design.py) so that designs match
 * scipy's to rounding error.
 */
import { type Complex, cadd, cdiv, cmul, complex, cprod, cscale, csqrt, csub } from "./complex.js";

/** A filter as zeros, poles and a real gain. */
export interface Zpk {
  z: Complex[];
  p: Complex[];
  k: number;
}

/** Returns the analog Butterworth low-pass prototype of order n (cut-off 1 rad/s): n poles on the unit circle. */
export function buttap(n: number): Zpk {
  const p: Complex[] = [];
  for (let m = -n + 1; m < n; m += 2) {
    const theta = (Math.PI * m) / (2 * n);
    p.push(complex(-Math.cos(theta), -Math.sin(theta)));
  }
  return { z: [], p, k: 1 };
}

const repeat = (value: Complex, count: number): Complex[] => Array.from({ length: count }, () => value);

/** Returns real(prod(-z) / prod(-p)): the gain change of the substitution s -> w / s (high-pass, band-stop). */
const inversionGain = (f: Zpk): number =>
  cdiv(cprod(f.z.map((z) => cscale(z, -1))), cprod(f.p.map((p) => cscale(p, -1)))).re;

/** Returns the analog low-pass with cut-off wo (rad/s) from a unit-cut-off low-pass. */
export function lp2lp(f: Zpk, wo: number): Zpk {
  const degree = f.p.length - f.z.length;
  return { z: f.z.map((z) => cscale(z, wo)), p: f.p.map((p) => cscale(p, wo)), k: f.k * wo ** degree };
}

/** Returns the analog high-pass with cut-off wo (rad/s) from a unit-cut-off low-pass. */
export function lp2hp(f: Zpk, wo: number): Zpk {
  const degree = f.p.length - f.z.length;
  const w = complex(wo);
  return {
    z: [...f.z.map((z) => cdiv(w, z)), ...repeat(complex(0), degree)],
    p: f.p.map((p) => cdiv(w, p)),
    k: f.k * inversionGain(f),
  };
}

/** Returns both roots s = c ± sqrt(c² - wo²) for each c, all "+" roots first as scipy orders them. */
function splitRoots(values: Complex[], wo: number): Complex[] {
  const roots = values.map((c) => csqrt(csub(cmul(c, c), complex(wo * wo))));
  return [...values.map((c, i) => cadd(c, roots[i])), ...values.map((c, i) => csub(c, roots[i]))];
}

/** Returns the analog band-pass centred on wo with bandwidth bw (rad/s) from a unit-cut-off low-pass. */
export function lp2bp(f: Zpk, wo: number, bw: number): Zpk {
  const degree = f.p.length - f.z.length;
  const half = (c: Complex) => cscale(cscale(c, bw), 0.5);
  return {
    z: [...splitRoots(f.z.map(half), wo), ...repeat(complex(0), degree)],
    p: splitRoots(f.p.map(half), wo),
    k: f.k * bw ** degree,
  };
}

/** Returns the analog band-stop centred on wo with bandwidth bw (rad/s) from a unit-cut-off low-pass. */
export function lp2bs(f: Zpk, wo: number, bw: number): Zpk {
  const degree = f.p.length - f.z.length;
  const invert = (c: Complex) => cdiv(complex(bw / 2), c);
  return {
    z: [
      ...splitRoots(f.z.map(invert), wo),
      ...repeat(complex(0, wo), degree),
      ...repeat(complex(0, -wo), degree),
    ],
    p: splitRoots(f.p.map(invert), wo),
    k: f.k * inversionGain(f),
  };
}

/** Returns the digital filter from an analog one by the bilinear transform s = 2 fs (z - 1) / (z + 1). */
export function bilinear(f: Zpk, fs: number): Zpk {
  const degree = f.p.length - f.z.length;
  const fs2 = complex(2 * fs);
  const map = (c: Complex) => cdiv(cadd(fs2, c), csub(fs2, c));
  const gain = cdiv(cprod(f.z.map((z) => csub(fs2, z))), cprod(f.p.map((p) => csub(fs2, p))));
  return { z: [...f.z.map(map), ...repeat(complex(-1), degree)], p: f.p.map(map), k: f.k * gain.re };
}
