/** Order statistics for the detectors' robust levels and templates, in linear time and without allocation. */

/**
 * Returns the q-quantile (0 <= q <= 1) of values[0..count) as the element of rank floor(q * count) in
 * ascending order (rank clamped to count - 1), or NaN when count is 0. Reorders values[0..count) in place
 * (Hoare's quickselect).
 */
export function selectQuantile(values: Float64Array, count: number, q: number): number {
  if (count <= 0) return Number.NaN;
  const rank = Math.min(count - 1, Math.floor(q * count));
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else break;
  }
  return values[rank];
}

/**
 * Returns the median of values[0..count) (mean of the two middle values for even counts; count defaults to
 * all values), NaN if empty; reorders values in place.
 */
export function selectMedian(values: Float64Array, count = values.length): number {
  const upper = selectQuantile(values, count, 0.5);
  if (count % 2 === 1 || count === 0) return upper;
  // After selection every element below the upper median's rank is <= it: the lower median is their maximum.
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count / 2; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}
