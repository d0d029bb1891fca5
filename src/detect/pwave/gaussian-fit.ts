/**
 * Least-squares fit of one asymmetric Gaussian wave on a linear baseline, the wave model of Gaussian-based ECG
 * delineation and compression (Clifford, Shoeb, McSharry & Janz, "Model-based filtering, compression and
 * classification of the ECG", Int. J. Bioelectromagnetism 7(1), 2005; McSharry et al., IEEE TBME 50(3), 2003):
 *
 *   t[k] ~ a + b (k - from) + A g(k),  g(k) = exp(-(k - c)^2 / (2 sl^2)) for k <= c, exp(-(k - c)^2 / (2 sr^2)) after.
 *
 * For fixed (c, sl, sr) the model is linear in (a, b, A), solved in closed form; (c, sl, sr) are searched on a
 * coarse then a fine grid. The sums over each half of the wave are computed once per (c, width), so a grid
 * point costs O(1).
 */

/** A fitted wave: centre and widths in (fractional) samples, amplitude in the units of the signal. */
export interface GaussianWave {
  center: number;
  left: number;
  right: number;
  amplitude: number;
}

/** Search ranges of the fit, in samples. */
export interface GaussianSearch {
  /** Centre searched within guess +- centerRange. */
  centerRange: number;
  minWidth: number;
  maxWidth: number;
  /** Grid step of the coarse search; the fine search steps by a quarter of it around the coarse optimum. */
  step: number;
}

/**
 * Returns the best asymmetric Gaussian on t[from..to] whose amplitude has the given sign (+1 or -1), centre
 * near guess, or null when no grid point gives one.
 */
export function fitAsymmetricGaussian(
  t: Float64Array,
  from: number,
  to: number,
  guess: number,
  sign: number,
  search: GaussianSearch,
): GaussianWave | null {
  const fit = new GridFit(t, from, to, sign);
  const { centerRange, minWidth, maxWidth, step } = search;
  const widths = grid(minWidth, maxWidth, step);
  fit.search(grid(guess - centerRange, guess + centerRange, step), widths, widths);
  if (fit.best === null) return null;
  const coarse = fit.best;
  const around = (v: number, low: number, high: number): number[] =>
    grid(Math.max(low, v - step), Math.min(high, v + step), step / 4);
  fit.search(
    around(coarse.center, guess - centerRange, guess + centerRange),
    around(coarse.left, minWidth, maxWidth),
    around(coarse.right, minWidth, maxWidth),
  );
  const { center, left, right, amplitude } = fit.best;
  return { center, left, right, amplitude };
}

function grid(low: number, high: number, step: number): number[] {
  const values: number[] = [];
  for (let v = low; v <= high + 1e-9; v += step) values.push(v);
  return values;
}

/** The grid search: sums over the window once, sums over each half wave once per (centre, width). */
class GridFit {
  best: (GaussianWave & { score: number }) | null = null;
  private readonly s1: number;
  private readonly st: number;
  private readonly stt: number;
  private readonly sy: number;
  private readonly sty: number;

  constructor(
    private readonly t: Float64Array,
    private readonly from: number,
    private readonly to: number,
    private readonly sign: number,
  ) {
    let s1 = 0;
    let st = 0;
    let stt = 0;
    let sy = 0;
    let sty = 0;
    for (let k = from; k <= to; k++) {
      const tk = k - from;
      s1 += 1;
      st += tk;
      stt += tk * tk;
      sy += t[k];
      sty += tk * t[k];
    }
    this.s1 = s1;
    this.st = st;
    this.stt = stt;
    this.sy = sy;
    this.sty = sty;
  }

  /** Tries every (centre, left width, right width) combination, keeping the best in `best`. */
  search(centers: number[], leftWidths: number[], rightWidths: number[]): void {
    const left = new Float64Array(4 * leftWidths.length);
    const right = new Float64Array(4 * rightWidths.length);
    const x = new Float64Array(3);
    for (const center of centers) {
      if (center <= this.from || center >= this.to) continue;
      for (let i = 0; i < leftWidths.length; i++) this.halfSums(center, leftWidths[i], true, left, 4 * i);
      for (let j = 0; j < rightWidths.length; j++) this.halfSums(center, rightWidths[j], false, right, 4 * j);
      for (let i = 0; i < leftWidths.length; i++) {
        for (let j = 0; j < rightWidths.length; j++) {
          const g = left[4 * i] + right[4 * j];
          const tg = left[4 * i + 1] + right[4 * j + 1];
          const gg = left[4 * i + 2] + right[4 * j + 2];
          const yg = left[4 * i + 3] + right[4 * j + 3];
          if (!solveSymmetric3(this.s1, this.st, g, this.stt, tg, gg, this.sy, this.sty, yg, x)) continue;
          if (Math.sign(x[2]) !== this.sign) continue;
          // The fitted projection; the residual sum of squares is sum(t^2) minus it, so larger is better.
          const score = x[0] * this.sy + x[1] * this.sty + x[2] * yg;
          if (this.best === null || score > this.best.score) {
            this.best = { center, left: leftWidths[i], right: rightWidths[j], amplitude: x[2], score };
          }
        }
      }
    }
  }

  /** Writes [sum g, sum (k - from) g, sum g^2, sum t g] over one half of the wave into out[at..at+3]. */
  private halfSums(center: number, width: number, left: boolean, out: Float64Array, at: number): void {
    const reach = Math.ceil(4 * width);
    const first = left
      ? Math.max(this.from, Math.ceil(center - reach))
      : Math.max(this.from, Math.floor(center) + 1);
    const last = left ? Math.min(this.to, Math.floor(center)) : Math.min(this.to, Math.floor(center + reach));
    let g1 = 0;
    let tg = 0;
    let gg = 0;
    let yg = 0;
    for (let k = first; k <= last; k++) {
      const z = (k - center) / width;
      const g = Math.exp(-0.5 * z * z);
      g1 += g;
      tg += (k - this.from) * g;
      gg += g * g;
      yg += this.t[k] * g;
    }
    out[at] = g1;
    out[at + 1] = tg;
    out[at + 2] = gg;
    out[at + 3] = yg;
  }
}

/**
 * Writes the solution of the symmetric 3x3 system [[a, b, c], [b, d, e], [c, e, f]] x = [p, q, r] into x
 * (Cramer's rule); returns false, leaving x alone, when the system is singular.
 */
function solveSymmetric3(
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
  p: number,
  q: number,
  r: number,
  x: Float64Array,
): boolean {
  const m11 = d * f - e * e;
  const m12 = c * e - b * f;
  const m13 = b * e - c * d;
  const det = a * m11 + b * m12 + c * m13;
  if (!(Math.abs(det) > 1e-12 * Math.abs(a * d * f) && Number.isFinite(det))) return false;
  const m22 = a * f - c * c;
  const m23 = b * c - a * e;
  const m33 = a * d - b * b;
  x[0] = (m11 * p + m12 * q + m13 * r) / det;
  x[1] = (m12 * p + m22 * q + m23 * r) / det;
  x[2] = (m13 * p + m23 * q + m33 * r) / det;
  return true;
}
