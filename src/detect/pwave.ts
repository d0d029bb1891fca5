/** One P wave: sample indices into the signal it was found in (onset <= peak <= offset). */
export interface PWave {
  /** First sample of the wave (where it leaves the baseline). */
  onset: number;
  /** Sample of the wave's extremum (its maximum, or its minimum for an inverted P wave). */
  peak: number;
  /** Last sample of the wave (where it returns to the baseline). */
  offset: number;
}
