/**
 * Conversion of zeros, poles and gain to second-order sections with scipy's default "nearest" pairing
 * (port of `zpk2sos` and `_cplxreal` in scipy/signal/_filter_design.py): the poles closest to the unit
 * circle are paired with their nearest zeros and placed last, which keeps each section's peak gain small.
 */
import { type Complex, cabs, cadd, cmul, complex, conj, cscale, csub } from "./complex.js";
import { DspError } from "./errors.js";
import type { Sos } from "./sos.js";
import type { Zpk } from "./zpk.js";

// scipy's tolerance for calling a root real, or two roots a conjugate pair: 100 float64 epsilons, relative.
const TOL = 100 * Number.EPSILON;

/** Returns the sections (sections x 6) of the digital filter `f`, gain folded into the first section. */
export function zpk2sos(f: Zpk): Sos {
  let z = [...f.z];
  let p = [...f.p];
  if (z.length === 0 && p.length === 0) return [Float64Array.of(f.k, 0, 0, 1, 0, 0)];
  // Equal counts of poles and zeros, padded at the origin, and an even count so every section is a biquad.
  while (p.length < z.length) p.push(complex(0));
  while (z.length < p.length) z.push(complex(0));
  const nSections = (p.length + 1) >> 1;
  if (p.length % 2 === 1) {
    p.push(complex(0));
    z.push(complex(0));
  }
  z = cplxreal(z);
  p = cplxreal(p);

  const isReal = (c: Complex) => c.im === 0;
  const take = (list: Complex[], index: number): Complex => list.splice(index, 1)[0];
  const sos: Sos = Array.from({ length: nSections }, () => new Float64Array(6));
  // The "worst" poles (closest to the unit circle) go last.
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, idxWorst(p));
    const realPolesLeft = p.filter(isReal).length;
    if (isReal(p1) && realPolesLeft === 0) {
      // Last remaining real pole: a first-order section padded with a pole and a zero at the origin.
      const z1 = take(z, nearestIndex(z, p1, "real"));
      sos[si] = section([z1, complex(0)], [p1, complex(0)]);
    } else if (
      p.length + 1 === z.length &&
      !isReal(p1) &&
      realPolesLeft === 1 &&
      z.filter(isReal).length === 1
    ) {
      // One real pole and one real zero left with equal counts: this pole must take a complex zero.
      const z1 = take(z, nearestIndex(z, p1, "complex"));
      sos[si] = section([z1, conj(z1)], [p1, conj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.flatMap((c, i) => (isReal(c) ? [i] : []));
        p2 = take(p, realIdx[idxWorst(realIdx.map((i) => p[i]))]);
      } else {
        p2 = conj(p1);
      }
      if (z.length === 0) {
        sos[si] = section([], [p1, p2]);
        continue;
      }
      const z1 = take(z, nearestIndex(z, p1, "any"));
      if (!isReal(z1)) {
        sos[si] = section([z1, conj(z1)], [p1, p2]);
      } else if (z.length > 0) {
        const z2 = take(z, nearestIndex(z, p1, "real"));
        sos[si] = section([z1, z2], [p1, p2]);
      } else {
        sos[si] = section([z1], [p1, p2]);
      }
    }
  }
  for (let j = 0; j < 3; j++) sos[0][j] *= f.k;
  return sos;
}

/** Index of the pole closest to the unit circle (first one on ties, like numpy's argmin). */
function idxWorst(p: Complex[]): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) {
    if (Math.abs(1 - cabs(p[i])) < Math.abs(1 - cabs(p[best]))) best = i;
  }
  return best;
}

/** Index of the element of `from` nearest to `to`, restricted to real or complex elements when asked. */
function nearestIndex(from: Complex[], to: Complex, which: "real" | "complex" | "any"): number {
  let best = -1;
  let bestDistance = Infinity;
  from.forEach((c, i) => {
    if (which === "real" && c.im !== 0) return;
    if (which === "complex" && c.im === 0) return;
    const distance = cabs(csub(c, to));
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  if (best < 0) throw new DspError(`zpk2sos found no ${which} zero to pair with pole ${to.re}+${to.im}i`);
  return best;
}

/** Returns one section [b0 b1 b2 1 a1 a2] with the given (at most two) zeros and two poles, right-aligned. */
function section(zeros: Complex[], poles: Complex[]): Float64Array {
  const b = poly(zeros);
  const a = poly(poles);
  const row = new Float64Array(6);
  row.set(b, 3 - b.length);
  row.set(a, 6 - a.length);
  return row;
}

/** Returns the real coefficients of prod (x - root), highest power first. */
function poly(roots: Complex[]): number[] {
  let coefficients: Complex[] = [complex(1)];
  for (const root of roots) {
    const next = [...coefficients, complex(0)];
    for (let i = 1; i < next.length; i++) next[i] = csub(next[i], cmul(coefficients[i - 1], root));
    coefficients = next;
  }
  return coefficients.map((c) => c.re);
}

/**
 * Returns the roots with each conjugate pair collapsed to one value (positive imaginary part, pair averaged),
 * complex ones first sorted by real part then |imag|, followed by the real ones (imag exactly 0) sorted.
 */
function cplxreal(values: Complex[]): Complex[] {
  const sorted = [...values].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const isNearlyReal = (c: Complex) => Math.abs(c.im) <= TOL * cabs(c);
  const reals = sorted.filter(isNearlyReal).map((c) => complex(c.re));
  const positive = sorted.filter((c) => !isNearlyReal(c) && c.im > 0);
  const negative = sorted.filter((c) => !isNearlyReal(c) && c.im < 0);
  const unmatched = () => new DspError("zpk2sos: a complex root has no matching conjugate");
  if (positive.length !== negative.length) throw unmatched();
  // Runs of (nearly) equal real part are ordered by |imag| so that conjugates line up.
  let start = 0;
  while (start < positive.length) {
    let stop = start + 1;
    while (
      stop < positive.length &&
      positive[stop].re - positive[stop - 1].re <= TOL * cabs(positive[stop - 1])
    ) {
      stop++;
    }
    for (const list of [positive, negative]) {
      const run = list.slice(start, stop).sort((a, b) => Math.abs(a.im) - Math.abs(b.im));
      list.splice(start, run.length, ...run);
    }
    start = stop;
  }
  const pairs = positive.map((c, i) => {
    if (cabs(csub(c, conj(negative[i]))) > TOL * cabs(negative[i])) throw unmatched();
    return cscale(cadd(c, conj(negative[i])), 0.5);
  });
  return [...pairs, ...reals];
}
