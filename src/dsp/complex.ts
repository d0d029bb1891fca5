/** Minimal complex arithmetic for filter design (poles and zeros); not used on signals. */

/** A complex number re + i*im. */
export interface Complex {
  re: number;
  im: number;
}

/** Returns re + i*im. */
export const complex = (re: number, im = 0): Complex => ({ re, im });

/** Returns a + b. */
export const cadd = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });

/** Returns a - b. */
export const csub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });

/** Returns a * b. */
export const cmul = (a: Complex, b: Complex): Complex => ({
  re: a.re * b.re - a.im * b.im,
  im: a.re * b.im + a.im * b.re,
});

/** Returns a * s for a real s. */
export const cscale = (a: Complex, s: number): Complex => ({ re: a.re * s, im: a.im * s });

/** Returns the complex conjugate of a. */
export const conj = (a: Complex): Complex => ({ re: a.re, im: -a.im });

/** Returns |a|. */
export const cabs = (a: Complex): number => Math.hypot(a.re, a.im);

/** Returns a / b (Smith's algorithm, which avoids overflow in the intermediate products). */
export function cdiv(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}

/** Returns the principal square root of a (branch cut on the negative real axis, sign of im kept). */
export function csqrt(a: Complex): Complex {
  if (a.re === 0 && a.im === 0) return { re: 0, im: a.im };
  const t = Math.sqrt((Math.abs(a.re) + Math.hypot(a.re, a.im)) / 2);
  if (a.re >= 0) return { re: t, im: a.im / (2 * t) };
  return { re: Math.abs(a.im) / (2 * t), im: Object.is(a.im, -0) || a.im < 0 ? -t : t };
}

/** Returns the product of all elements (1 for none). */
export function cprod(values: readonly Complex[]): Complex {
  let acc = complex(1);
  for (const v of values) acc = cmul(acc, v);
  return acc;
}
